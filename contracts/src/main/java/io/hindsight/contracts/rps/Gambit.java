package io.hindsight.contracts.rps;

import static io.hindsight.contracts.rps.Move.PAPER;
import static io.hindsight.contracts.rps.Move.ROCK;
import static io.hindsight.contracts.rps.Move.SCISSORS;

import java.util.List;
import java.util.Locale;

/** The bot's scripted opening: the classic three-move gambits of tournament rock-paper-scissors. */
public enum Gambit {
    AVALANCHE(ROCK, ROCK, ROCK),
    BUREAUCRAT(PAPER, PAPER, PAPER),
    CRESCENDO(PAPER, SCISSORS, ROCK),
    DENOUEMENT(ROCK, SCISSORS, PAPER),
    FISTFUL_O_DOLLARS(ROCK, PAPER, PAPER),
    PAPER_DOLLS(PAPER, SCISSORS, SCISSORS),
    SCISSOR_SANDWICH(PAPER, SCISSORS, PAPER),
    TOOLBOX(SCISSORS, SCISSORS, SCISSORS);

    private final List<Move> moves;

    Gambit(Move... moves) {
        this.moves = List.of(moves);
    }

    /** The bot's move in round 1..3. */
    public Move move(int round) {
        if (round < 1 || round > moves.size()) {
            throw new IllegalArgumentException("a gambit covers rounds 1-" + moves.size() + ", not " + round);
        }
        return moves.get(round - 1);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The player's checks against games played by the contracts engine, honest and tampered with. */
class RoundAuditTest {
    private static final String ID = "audit-1";

    private static RpsGame started() {
        return RpsGame.start(ID, "forrest", "Production", false, 1_000).commit(Move.ROCK, "salt-1", BotSource.GAMBIT, null, 1_000);
    }

    private static RpsGame next(RpsGame g, Move player, Move bot) {
        RpsGame played = g.play(g.view().round(), player, 2_000);
        return played.finished() ? played : played.commit(bot, "salt-" + played.nextRound(), BotSource.MODEL, "m1", 2_000);
    }

    /** {@code view} with its last round replaced by what {@code change} makes of it. */
    private static RpsGameView withLastRound(RpsGameView v, UnaryOperator<RoundLog> change) {
        List<RoundLog> rounds = new ArrayList<>(v.rounds());
        rounds.set(rounds.size() - 1, change.apply(rounds.get(rounds.size() - 1)));
        return new RpsGameView(v.gameId(), v.family(), v.alias(), v.easy(), v.gambit(), v.status(), v.round(), v.roundValue(),
                v.commitment(), v.playerScore(), v.botScore(), v.target(), v.winner(), rounds, v.seq(), v.startedTs(),
                v.updatedTs());
    }

    @Test
    void anHonestGamePassesEveryCheckToTheEnd() {
        RpsGame g = started();
        assertThat(RoundAudit.started(g.view())).isEqualTo(new RoundAudit.Verdict(null, null, null));
        int rounds = 0;
        while (!g.finished()) {
            RpsGameView shown = g.view();
            g = next(g, Move.PAPER, Move.ROCK); // paper beats rock every round: the player wins in 5-10 rounds
            assertThat(RoundAudit.round(shown, Move.PAPER, g.view())).isEqualTo(new RoundAudit.Verdict(true, null, null));
            rounds++;
        }
        assertThat(g.winner()).isEqualTo("player");
        assertThat(rounds).isBetween(5, 10);
    }

    @Test
    void aRevealedMoveOtherThanTheCommittedOneFailsTheCommitment() {
        RpsGame g = started();
        RpsGameView next = withLastRound(next(g, Move.PAPER, Move.ROCK).view(), r -> new RoundLog(r.round(), r.value(),
                r.player(), "scissors", "loss", 0, r.value(), r.commitment(), r.salt(), r.botSource(), r.model(), r.ts()));
        RoundAudit.Verdict v = RoundAudit.round(g.view(), Move.PAPER, next);
        assertThat(v.commitment()).isFalse();
        assertThat(v.protocolProblem()).isNull();
    }

    @Test
    void aCommitmentRewrittenToMatchTheSwappedMoveStillFailsAgainstTheOneShownBefore() {
        RpsGame g = started();
        RpsGameView next = withLastRound(next(g, Move.PAPER, Move.ROCK).view(), r -> new RoundLog(r.round(), r.value(),
                r.player(), "scissors", "loss", 0, r.value(),
                io.hindsight.contracts.rps.Commitment.of(ID, 1, Move.SCISSORS, r.salt()), r.salt(), r.botSource(), r.model(),
                r.ts()));
        assertThat(next.rounds().get(0).verifies(ID)).isTrue(); // self-consistent, but not what was shown
        assertThat(RoundAudit.round(g.view(), Move.PAPER, next).commitment()).isFalse();
    }

    @Test
    void scoresThatDoNotAddUpAreReported() {
        RpsGame g = started();
        RpsGameView honest = next(g, Move.PAPER, Move.ROCK).view();
        RpsGameView inflated = withLastRound(honest, r -> new RoundLog(r.round(), r.value(), r.player(), r.bot(), r.result(),
                r.playerScore(), r.botScore() + 1, r.commitment(), r.salt(), r.botSource(), r.model(), r.ts()));
        RoundAudit.Verdict v = RoundAudit.round(g.view(), Move.PAPER, inflated);
        assertThat(v.commitment()).isTrue();
        assertThat(v.scoreProblem()).contains("round 1: scores should be");

        RpsGameView wrongResult = withLastRound(honest, r -> new RoundLog(r.round(), r.value(), r.player(), r.bot(), "tie",
                r.playerScore(), r.botScore(), r.commitment(), r.salt(), r.botSource(), r.model(), r.ts()));
        assertThat(RoundAudit.round(g.view(), Move.PAPER, wrongResult).scoreProblem()).contains("is a win, not tie");
    }

    @Test
    void anAnswerThatIsNotTheRoundPlayedIsAProtocolProblem() {
        RpsGame g = started();
        RpsGameView next = next(g, Move.PAPER, Move.ROCK).view();
        assertThat(RoundAudit.round(g.view(), Move.SCISSORS, next).protocolProblem())
                .contains("shows the player's move as paper, sent scissors");
        assertThat(RoundAudit.round(g.view(), Move.PAPER, g.view()).protocolProblem()).contains("round 1 was not revealed");
        assertThat(RoundAudit.started(RpsGame.start(ID, "forrest", "B", false, 1).view()).protocolProblem())
                .contains("must await round 1 with a commitment");
    }
}

package io.hindsight.contracts.rps;

import io.hindsight.contracts.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bot's move is fixed before the player moves: the player is shown
 * sha256("gameId|round|move|salt") first and the move and salt after, and can recompute the hash.
 */
public final class Commitment {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Commitment() {
    }

    public static String of(String gameId, int round, Move move, String salt) {
        return Sha256.hex((gameId + "|" + round + "|" + move.id() + "|" + salt).getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(String commitment, String gameId, int round, Move move, String salt) {
        return commitment != null && commitment.equals(of(gameId, round, move, salt));
    }

    /** 128 random bits: the player cannot try the three moves against the hash. */
    public static String newSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

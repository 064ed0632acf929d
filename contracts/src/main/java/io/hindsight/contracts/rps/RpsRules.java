package io.hindsight.contracts.rps;

import io.hindsight.contracts.Aliases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The rules RPS Quest plays by, and every deterministic choice derived from a game id: round values, the
 * family and the alias serving the game, the opening gambit. Deterministic so that the game processor, a
 * replay and the trainer's synthetic games agree, and a player can recompute them.
 */
public final class RpsRules {
    /** First to this many points wins. */
    public static final double TARGET_POINTS = 10.0;
    /** Rounds 1..3 follow the game's scripted gambit; models predict from round 4. */
    public static final int GAMBIT_ROUNDS = 3;
    /** How many past rounds the feature vector looks back at. */
    public static final int LOOKBACK = 3;
    /** A guard against endless tie streaks; real games end in 20-30 rounds. */
    public static final int MAX_ROUNDS = 200;

    public static final String FORREST = "forrest";
    public static final String LOGAN = "logan";
    public static final String BRIAN = "brian";
    /** forrest: gradient-boosted trees; logan: multinomial logistic regression; brian: feedforward network. */
    public static final List<String> FAMILIES = List.of(FORREST, LOGAN, BRIAN);
    /** The aliases that move the bot; the shadows are predicted and scored only. */
    public static final List<String> SERVED_ALIASES = List.of(Aliases.PRODUCTION, Aliases.B);

    private RpsRules() {
    }

    /** The round's value, 1.0 to 2.0 in steps of 0.1, from (game id, round): known before anyone moves. */
    public static double roundValue(String gameId, int round) {
        return 1.0 + unsignedHash(gameId + ":" + round) % 11 / 10.0;
    }

    /** The family that plays this game, unless the player chose one. */
    public static String familyFor(String gameId) {
        return FAMILIES.get((int) (unsignedHash(gameId + ":family") % FAMILIES.size()));
    }

    /** Production or B, half the games each, fixed for the whole game. */
    public static String aliasFor(String gameId) {
        return SERVED_ALIASES.get((int) (unsignedHash(gameId + ":alias") % SERVED_ALIASES.size()));
    }

    public static Gambit gambitFor(String gameId) {
        return Gambit.values()[(int) (unsignedHash(gameId + ":gambit") % Gambit.values().length)];
    }

    public static boolean isFamily(String family) {
        return FAMILIES.contains(family);
    }

    /** The first 8 bytes of SHA-256, as a non-negative long. */
    static long unsignedHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}

package io.hindsight.app;

import io.hindsight.trainer.retrain.RetrainPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** What one process runs, validated once at start. */
public record Settings(Path dataDir, int httpPort, int kafkaPort, String bootstrapServers, Set<RoleName> roles,
                       Duration horizon, short replicationFactor, int trainRows, int predictorWorkers,
                       DigitsFirstStartMode digitsFirstStart, String adminToken, Duration driftWindow,
                       Duration rollingWindow, boolean rpsFirstStart, RetrainPolicy retrainPolicy, HttpLimits httpLimits,
                       int joinerThreads) {
    /** Drift windows by default: tumbling, 5 minutes (grace {@link #graceOf}). */
    public static final Duration DEFAULT_DRIFT_WINDOW = Duration.ofMinutes(5);
    /** The joiner's rolling windows (and CBPE's, which must match them): 5 minutes every 1 minute. */
    public static final Duration DEFAULT_ROLLING_WINDOW = Duration.ofMinutes(5);

    public Settings {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, was " + httpPort);
        }
        if (kafkaPort < 1 || kafkaPort > 65535) {
            throw new IllegalArgumentException("--kafka-port must be 1..65535, was " + kafkaPort);
        }
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("--horizon must be positive, was " + horizon);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be >= 1");
        }
        if (trainRows < 100) {
            throw new IllegalArgumentException("--train-rows must be >= 100");
        }
        if (predictorWorkers < 1 || predictorWorkers > 64) {
            throw new IllegalArgumentException("--predictor-workers must be 1..64, was " + predictorWorkers);
        }
        if (joinerThreads < 1 || joinerThreads > 64) {
            throw new IllegalArgumentException("--joiner-threads must be 1..64, was " + joinerThreads);
        }
        driftWindow = driftWindow == null ? DEFAULT_DRIFT_WINDOW : driftWindow;
        if (driftWindow.isNegative() || driftWindow.isZero()) {
            throw new IllegalArgumentException("--drift-window must be positive, was " + driftWindow);
        }
        rollingWindow = rollingWindow == null ? DEFAULT_ROLLING_WINDOW : rollingWindow;
        if (rollingWindow.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("the rolling window must be >= 5s, was " + rollingWindow);
        }
        digitsFirstStart = digitsFirstStart == null ? DigitsFirstStartMode.FULL : digitsFirstStart;
        retrainPolicy = retrainPolicy == null ? RetrainPolicy.DEFAULTS : retrainPolicy;
        httpLimits = httpLimits == null ? HttpLimits.defaults() : httpLimits;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        roles = Set.copyOf(roles);
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.trim();
    }

    /** With the gateway's default body and rate limits. */
    public Settings(Path dataDir, int httpPort, int kafkaPort, String bootstrapServers, Set<RoleName> roles,
                    Duration horizon, short replicationFactor, int trainRows, int predictorWorkers,
                    DigitsFirstStartMode digitsFirstStart, String adminToken, Duration driftWindow,
                    Duration rollingWindow, boolean rpsFirstStart, RetrainPolicy retrainPolicy) {
        this(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows, predictorWorkers,
                digitsFirstStart, adminToken, driftWindow, rollingWindow, rpsFirstStart, retrainPolicy, null, 1);
    }

    /** Every role on an embedded broker at kafkaPort, any HTTP port; rps first start off unless a test turns it on. */
    public static Settings forTest(Path dataDir, int kafkaPort, DigitsFirstStartMode digits) {
        return new Settings(dataDir, 0, kafkaPort, null, java.util.EnumSet.allOf(RoleName.class), Duration.ofHours(1),
                (short) 1, 3000, 1, digits, null, null, null, false, null, null, 1);
    }

    public Settings withAdminToken(String token) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, token, driftWindow, rollingWindow, rpsFirstStart, retrainPolicy, httpLimits, joinerThreads);
    }

    /** Tumbling drift windows of this size (grace {@link #graceOf}). */
    public Settings withDriftWindow(Duration size) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, adminToken, size, rollingWindow, rpsFirstStart, retrainPolicy, httpLimits, joinerThreads);
    }

    /**
     * For tests: the joiner's rolling windows (and so CBPE's) of this size, advancing by a fifth of it; no option,
     * since dashboards and alerts are written for the 5-minute default.
     */
    public Settings withRollingWindow(Duration size) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, adminToken, driftWindow, size, rpsFirstStart, retrainPolicy, httpLimits, joinerThreads);
    }

    /** The feedback horizon (--horizon): how long a prediction waits for its truth and a request id is deduplicated. */
    public Settings withHorizon(Duration h) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, h, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, adminToken, driftWindow, rollingWindow, rpsFirstStart, retrainPolicy, httpLimits, joinerThreads);
    }

    /** Whether the trainer role trains the twelve rps models on first start (tests of other tasks turn it off). */
    public Settings withRpsFirstStart(boolean on) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, adminToken, driftWindow, rollingWindow, on, retrainPolicy, httpLimits, joinerThreads);
    }

    /** How late a record may be and still count in a window of this size: a fifth of it, at most 1 minute. */
    public static Duration graceOf(Duration windowSize) {
        Duration fifth = windowSize.dividedBy(5);
        return fifth.compareTo(Duration.ofMinutes(1)) < 0 ? fifth : Duration.ofMinutes(1);
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }

    public boolean runs(RoleName role) {
        return roles.contains(role);
    }
}

package io.hindsight.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** What one process runs, validated once at start. */
public record Settings(Path dataDir, int httpPort, int kafkaPort, String bootstrapServers, Set<RoleName> roles,
                       Duration horizon, short replicationFactor, int trainRows, int predictorWorkers,
                       DigitsFirstStartMode digitsFirstStart, String adminToken) {
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
        digitsFirstStart = digitsFirstStart == null ? DigitsFirstStartMode.FULL : digitsFirstStart;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        roles = Set.copyOf(roles);
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.trim();
    }

    /** Everything as before, digits first start off: for tests that exercise calories only. */
    public static Settings forTest(Path dataDir, int kafkaPort, DigitsFirstStartMode digits) {
        return new Settings(dataDir, 0, kafkaPort, null, java.util.EnumSet.allOf(RoleName.class), Duration.ofHours(1),
                (short) 1, 3000, 1, digits, null);
    }

    public Settings withAdminToken(String token) {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers, roles, horizon, replicationFactor, trainRows,
                predictorWorkers, digitsFirstStart, token);
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }

    public boolean runs(RoleName role) {
        return roles.contains(role);
    }
}

package io.hindsight.app.bench;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Kafka a benchmark runs on: an embedded single-node KRaft broker in a fresh temporary folder (deleted
 * afterwards), or an existing cluster given by --bootstrap-servers. Every Hindsight topic is created as the
 * app creates it at start.
 */
final class BenchBroker implements AutoCloseable {
    private final EmbeddedKafka embedded;
    private final String bootstrap;

    private BenchBroker(EmbeddedKafka embedded, String bootstrap) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
    }

    static BenchBroker open(String bootstrapServers, short replicationFactor) {
        BenchBroker b;
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            EmbeddedKafka k = EmbeddedKafka.temporary().start();
            b = new BenchBroker(k, k.bootstrapServers());
        } else {
            b = new BenchBroker(null, bootstrapServers.trim());
        }
        TopicProvisioner.ensure(b.bootstrap, Topics.all(), b.embedded != null ? 1 : replicationFactor, Duration.ofSeconds(60));
        return b;
    }

    String bootstrap() {
        return bootstrap;
    }

    String describe() {
        return embedded != null ? "embedded KRaft broker in this JVM (" + bootstrap + ")" : "Kafka at " + bootstrap;
    }

    boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            deleteQuietly(embedded.dataDir());
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover in /tmp is harmless
                }
            });
        } catch (IOException | RuntimeException e) {
            // same
        }
    }
}

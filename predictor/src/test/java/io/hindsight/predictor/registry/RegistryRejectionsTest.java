package io.hindsight.predictor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RegistryRejectionsTest {

    @Test
    void everyRefusalIsCountedUnderItsTopicAndReasonAndLoggedWithTheReason() {
        Logger logger = (Logger) LoggerFactory.getLogger(RegistryRejections.class);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        try {
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            RegistryRejections r = new RegistryRejections(meters, "calories");
            assertThat(meters.scrape()).contains(
                    "hindsight_predictor_registry_rejected_total{reason=\"unknown-version\",task=\"calories\",topic=\"model-aliases\"} 0.0",
                    "hindsight_predictor_registry_rejected_total{reason=\"unloadable\",task=\"calories\",topic=\"model-artifacts\"} 0.0");

            r.reject("models", RegistryRejections.INVALID, "v1", "artifactSha256 must be 64 lower-case hex digits, was abc");
            r.reject("models", RegistryRejections.INVALID, "x".repeat(5_000), "y".repeat(5_000));

            assertThat(r.count("models", RegistryRejections.INVALID)).isEqualTo(2);
            assertThat(r.total()).isEqualTo(2);
            assertThat(meters.scrape()).contains(
                    "hindsight_predictor_registry_rejected_total{reason=\"invalid\",task=\"calories\",topic=\"models\"} 2.0");
            assertThat(appender.list).hasSize(2);
            assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(appender.list.get(0).getFormattedMessage())
                    .contains("models", "v1", "invalid", "artifactSha256 must be 64 lower-case hex digits, was abc");
            assertThat(appender.list.get(1).getFormattedMessage()).hasSizeLessThan(1_000); // keys and details are abbreviated
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }
}

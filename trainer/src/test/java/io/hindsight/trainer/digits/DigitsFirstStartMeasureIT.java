package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.FirstStartResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a test: the whole digits first start with its default settings on an embedded broker (load MNIST, read it
 * back, CNN on 60,000 digits, XGBoost), timed. Off unless {@code -Dhindsight.measure=true}:
 * <pre>
 * mvn -o -q -B -pl trainer verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=DigitsFirstStartMeasureIT -Dhindsight.measure=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "hindsight.measure", matches = "true")
class DigitsFirstStartMeasureIT {
    private static final Logger log = LoggerFactory.getLogger(DigitsFirstStartMeasureIT.class);

    @Test
    void measureDefaultFirstStart() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.temporary().start()) {
            TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
            FirstStartResult r = DigitsFirstStart.ensureDigitsModels(kafka.bootstrapServers(),
                    DigitsFirstStart.Settings.defaults().withCodeVersion("measure"), TrainingProgress.NONE);
            log.info("MEASURE first start {} in {} s; rss {}", r.published(), String.format("%.1f", r.took().toMillis() / 1000.0),
                    DigitsFullRunMeasureTest.rss());
            assertThat(r.published()).hasSize(2);
        }
    }
}

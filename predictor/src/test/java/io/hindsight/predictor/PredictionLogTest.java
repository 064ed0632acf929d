package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PredictionLogTest {

    @Test
    void logsOneLinePerPredictionWithRequestIdAndModelVersionOnlyWhenEnabled() {
        Logger logger = (Logger) LoggerFactory.getLogger(PredictionLog.NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        Level before = logger.getLevel();
        try {
            PredictionRecord p = new PredictionRecord("r-1", "digits", new ModelOutput("cnn", "digits-cnn-1", "Production", 7, List.of()),
                    List.of(), 100L, 112L, false, true);
            logger.setLevel(Level.OFF);
            PredictionLog.committed(List.of(p));
            assertThat(lines.list).isEmpty();

            logger.setLevel(Level.INFO);
            PredictionLog.committed(List.of(p, p));
            assertThat(lines.list).hasSize(2);
            Map<String, Object> kv = lines.list.get(0).getKeyValuePairs().stream()
                    .collect(Collectors.toMap(k -> k.key, k -> k.value));
            assertThat(kv).containsEntry("requestId", "r-1").containsEntry("modelVersion", "digits-cnn-1")
                    .containsEntry("alias", "Production").containsEntry("draft", true).containsEntry("latencyMs", 12L);
        } finally {
            logger.setLevel(before);
            logger.detachAppender(lines);
        }
    }
}

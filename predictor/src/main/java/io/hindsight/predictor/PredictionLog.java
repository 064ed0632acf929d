package io.hindsight.predictor;

import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per committed prediction (seed 004 logs every prediction), with the request id and the model
 * version as key-value pairs, so JSON logs (HINDSIGHT_LOG_FORMAT=json) carry them as fields. Off unless the
 * logger {@value #NAME} is at INFO (HINDSIGHT_PREDICTION_LOG=INFO): at thousands of predictions a second the
 * topic is the record, the log a convenience.
 */
final class PredictionLog {
    static final String NAME = "hindsight.predictions";
    private static final Logger log = LoggerFactory.getLogger(NAME);

    private PredictionLog() {
    }

    /** Logs what was committed: called after the transaction, so an aborted batch logs nothing. */
    static void committed(List<PredictionRecord> fresh) {
        if (!log.isInfoEnabled()) {
            return;
        }
        for (PredictionRecord p : fresh) {
            log.atInfo()
                    .addKeyValue("requestId", p.requestId())
                    .addKeyValue("task", p.task())
                    .addKeyValue("modelVersion", p.served().version())
                    .addKeyValue("alias", p.served().alias())
                    .addKeyValue("predicted", p.served().value())
                    .addKeyValue("shadows", p.shadows().size())
                    .addKeyValue("draft", p.draft())
                    .addKeyValue("latencyMs", p.predictedTs() - p.requestTs())
                    .log("prediction");
        }
    }
}

package io.hindsight.predictor.batch;

import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one batch of requests turns into, before anything is sent.
 *
 * @param rejected    records for the dead-letter topic, with the reason
 * @param predictions every record for the predictions topic, in request order (fresh and replays)
 * @param fresh       the newly predicted subset: remembered for dedupe once the transaction commits
 * @param replays     how many requests were answered with an earlier prediction
 */
public record BatchPlan(List<Rejected> rejected, List<PredictionRecord> predictions, List<PredictionRecord> fresh,
                        int replays) {

    public record Rejected(ConsumerRecord<byte[], byte[]> source, String reason) {
    }
}

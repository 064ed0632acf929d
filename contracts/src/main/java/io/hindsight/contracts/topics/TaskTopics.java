package io.hindsight.contracts.topics;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.json.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic family of one task. Requests and feedback are read as raw bytes because any Kafka client may
 * write them: the reading stage validates against the schema and routes bad records to the DLQ.
 */
public record TaskTopics(Task task,
                         Topic<String, byte[]> requests,
                         Topic<String, PredictionRecord> predictions,
                         Topic<String, byte[]> feedback,
                         Topic<String, ScoredRecord> scored,
                         Topic<String, Orphan> orphans) {

    public static final int DEFAULT_PARTITIONS = 3;

    static TaskTopics of(Task task) {
        String t = task.id();
        return new TaskTopics(task,
                new Topic<>(t + ".requests", Serdes.String(), Serdes.ByteArray(), DEFAULT_PARTITIONS,
                        Retention.days(7), t + ".request.schema.json"),
                new Topic<>(t + ".predictions", Serdes.String(), new JsonSerde<>(PredictionRecord.class),
                        DEFAULT_PARTITIONS, Retention.days(7), "prediction.schema.json"),
                new Topic<>(t + ".feedback", Serdes.String(), Serdes.ByteArray(), DEFAULT_PARTITIONS,
                        Retention.days(7), t + ".feedback.schema.json"),
                new Topic<>(t + ".scored", Serdes.String(), new JsonSerde<>(ScoredRecord.class),
                        DEFAULT_PARTITIONS, Retention.days(30), "scored.schema.json"),
                new Topic<>(t + ".orphans", Serdes.String(), new JsonSerde<>(Orphan.class),
                        DEFAULT_PARTITIONS, Retention.days(30), "orphan.schema.json"));
    }

    /** Every topic of this task, dead-letter topics of the inputs included. */
    public List<Topic<?, ?>> all() {
        return List.of(requests, requests.dlq(), predictions, predictions.dlq(), feedback, feedback.dlq(), scored, orphans);
    }
}

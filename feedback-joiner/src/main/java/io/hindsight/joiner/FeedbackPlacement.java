package io.hindsight.joiner;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Tags valid feedback with whether it already sits on the partition its request id's records are joined on,
 * that is the partition the {@code feedback-by-request-id} repartition topic would send it to (Kafka's default
 * partitioner over the UTF-8 request id, as many partitions as the predictions topic). Such feedback is
 * joined where it is: the repartition round trip (a write, a produce, a fetch and a read per record) would
 * deliver it to the same task. Anything else (another key, a custom partitioner, more feedback partitions)
 * is repartitioned as before.
 */
final class FeedbackPlacement implements FixedKeyProcessor<byte[], GroundTruth, FeedbackPlacement.Placed> {

    /** Feedback and whether it is on its join partition already. */
    record Placed(GroundTruth truth, boolean home) {
    }

    private final int joinPartitions;
    private FixedKeyProcessorContext<byte[], Placed> context;

    FeedbackPlacement(int joinPartitions) {
        if (joinPartitions < 1) {
            throw new IllegalArgumentException("join partitions must be >= 1, was " + joinPartitions);
        }
        this.joinPartitions = joinPartitions;
    }

    /** The partition Kafka's default partitioner gives a record keyed by this request id (String serde: UTF-8). */
    static int joinPartition(String requestId, int partitions) {
        return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Placed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], GroundTruth> record) {
        GroundTruth truth = record.value();
        RecordMetadata meta = context.recordMetadata().orElse(null);
        boolean home = meta != null && truth.requestId() != null
                && meta.partition() == joinPartition(truth.requestId(), joinPartitions);
        context.forward(record.withValue(new Placed(truth, home)));
    }
}

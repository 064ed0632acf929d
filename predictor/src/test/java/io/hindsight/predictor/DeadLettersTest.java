package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.kafka.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsTheOriginalBytesAndTheReasonWhenTheyFit() {
        ProducerRecord<byte[], byte[]> d = DeadLetters.of("t.dlq", source("k".getBytes(), "{bad".getBytes()), "$: malformed JSON", "predictor");
        assertThat(d.key()).isEqualTo("k".getBytes());
        assertThat(d.value()).isEqualTo("{bad".getBytes());
        assertThat(DlqHeaders.reason(d.headers())).isEqualTo("$: malformed JSON");
        assertThat(d.headers().lastHeader(DeadLetters.TRUNCATED)).isNull();
    }

    @Test
    void capsTheReasonAndCutsARecordTooLargeForTheProducer() {
        String reason = "bitmap/data/1: must have a maximum value of 1; ".repeat(300_000); // 262,144 schema errors are ~13 MB
        ProducerRecord<byte[], byte[]> d = DeadLetters.of("t.dlq", source(new byte[300_000], new byte[2_500_000]), reason, "predictor");
        assertThat(DlqHeaders.reason(d.headers())).hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_CHARS).endsWith("more characters)");
        assertThat(DeadLetters.sizeOf(d)).isLessThan(DeadLetters.MAX_RECORD_BYTES);
        assertThat(new String(d.headers().lastHeader(DeadLetters.TRUNCATED).value(), StandardCharsets.UTF_8))
                .isEqualTo("key=300000,value=2500000");
        assertThat(DeadLetters.reason(null)).isNotBlank();
        assertThat(DeadLetters.reason("  ")).isNotBlank();
    }

    private static ConsumerRecord<byte[], byte[]> source(byte[] key, byte[] value) {
        return new ConsumerRecord<>("t", 1, 7L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, new RecordHeaders(), Optional.empty());
    }
}

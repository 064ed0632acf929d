package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.trainer.data.RangeReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The join of digits.requests with digits.feedback, on records already read (no broker). */
class DigitsLiveDatasetTest {
    private static final List<TrainingRange> RANGES = List.of(new TrainingRange(DigitsLiveDataset.REQUESTS, 0, 0, 10),
            new TrainingRange(DigitsLiveDataset.FEEDBACK, 0, 0, 10));
    private static final MnistDigits MNIST = TestDigits.HOLDOUT;

    private static RangeReader.Raw request(int partition, long offset, long ts, Object value) {
        return raw(DigitsLiveDataset.REQUESTS, partition, offset, ts, value);
    }

    private static RangeReader.Raw feedback(int partition, long offset, long ts, Object value) {
        return raw(DigitsLiveDataset.FEEDBACK, partition, offset, ts, value);
    }

    private static RangeReader.Raw raw(String topic, int partition, long offset, long ts, Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.write(value);
        return new RangeReader.Raw(topic, partition, offset, ts, bytes);
    }

    /** MNIST holdout digit i as a client sends it: its pixels / 255. */
    private static DigitsRequest digit(String id, int i) {
        return DigitsRequest.ofPixels(id, MNIST.image(i));
    }

    @Test
    void joinsByIdInRequestTimeOrderAndCountsWhatItSkips() {
        List<RangeReader.Raw> requests = new ArrayList<>();
        // partition and offset order differ from time order: time decides
        requests.add(request(1, 0, 3_000, digit("c", 2)));
        requests.add(request(0, 0, 1_000, digit("a", 0)));
        requests.add(request(2, 0, 2_000, digit("b", 1)));
        requests.add(request(0, 1, 4_000, digit("never-answered", 3)));
        requests.add(request(0, 2, 500, new DigitsRequest("c", MnistDigits.widen(MNIST.image(5)), null, null, true))); // a draft: no slot
        requests.add(request(0, 3, 600, "{\"id\":\"d\",\"strokes\":{\"width\":100,\"height\":100,\"lines\":[[[10,10],[90,90]]]},\"draft\":true}"));
        requests.add(request(1, 1, 5_000, "{not json"));
        requests.add(request(1, 2, 5_001, "{\"id\":\"e\",\"pixels\":[0.5,0.5]}")); // 2 pixels, not 784: the schema refuses
        requests.add(request(2, 1, 6_000, digit("a", 9))); // a retry: the first request is kept

        List<RangeReader.Raw> feedback = new ArrayList<>();
        feedback.add(feedback(0, 0, 10_000, new DigitsFeedback("a", MNIST.label(0), 1.7e9)));
        feedback.add(feedback(1, 0, 10_001, new DigitsFeedback("b", 7, 1.7e9)));
        feedback.add(feedback(2, 0, 10_002, "{\"id\":\"c\",\"label\":" + MNIST.label(2) + "}"));
        feedback.add(feedback(0, 1, 20_000, new DigitsFeedback("b", MNIST.label(1), 1.7e9))); // correction: latest kept
        feedback.add(feedback(1, 1, 20_001, new DigitsFeedback("ghost", 3, 1.7e9)));
        feedback.add(feedback(1, 2, 20_002, new DigitsFeedback("d", 3, 1.7e9))); // only a draft of d was sent
        feedback.add(feedback(2, 1, 20_003, "{\"id\":\"e\",\"label\":12}"));

        DigitsLiveDataset ds = DigitsLiveDataset.join(requests, feedback, RANGES);

        assertThat(ds.drawings().count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) { // a, b, c in request time order, each exactly the MNIST digit it was
            assertThat(ds.drawings().imageBytes(i)).as("drawing " + i).isEqualTo(MNIST.imageBytes(i));
            assertThat(ds.drawings().label(i)).isEqualTo(MNIST.label(i));
        }
        assertThat(ds.counts()).isEqualTo(new DigitsLiveDataset.Counts(9, 7, 2, 2, 1, 1, 1, 1, 2, 3));
        assertThat(ds.ranges()).isEqualTo(RANGES);
        assertThat(ds.source()).isEqualTo("kafka:digits.requests-0[0,10)+digits.feedback-0[0,10)");
        assertThat(ds.describeForProvenance()).containsEntry("unmatchedFeedback", 2L).containsEntry("draftRequests", 2L)
                .containsEntry("invalidRequests", 2L).containsEntry("labelled", 3L);
    }

    @Test
    void drawingsArePreprocessedAsServedAndNumericIdsJoinWithTheirText() {
        String strokes = "{\"id\":7,\"strokes\":{\"width\":200,\"height\":200,\"lines\":[[[100,20],[100,180]]]}}";

        DigitsLiveDataset ds = DigitsLiveDataset.join(List.of(request(0, 0, 1, strokes)),
                List.of(feedback(0, 0, 2, "{\"id\":\"7\",\"label\":1}")), RANGES);

        assertThat(ds.drawings().count()).isEqualTo(1);
        assertThat(ds.drawings().label(0)).isEqualTo(1);
        float[] served = Json.read(strokes.getBytes(StandardCharsets.UTF_8), DigitsRequest.class).toModelInput();
        byte[] stored = ds.drawings().imageBytes(0);
        for (int p = 0; p < DigitPreprocessing.PIXELS; p++) {
            assertThat((stored[p] & 0xFF) / 255f).isCloseTo(served[p], org.assertj.core.data.Offset.offset(0.5f / 255));
        }
        assertThat(ds.drawings().imageBytes(0)).isNotEqualTo(new byte[DigitPreprocessing.PIXELS]); // some ink
    }

    @Test
    void sameRecordsGiveTheSameDrawingsWhateverTheReadOrder() {
        List<RangeReader.Raw> req = new ArrayList<>();
        List<RangeReader.Raw> fb = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            req.add(request(i % 3, i / 3, 1_000L * i, digit("d" + i, i)));
            fb.add(feedback(i % 3, i / 3, 1_000L * i + 500, new DigitsFeedback("d" + i, MNIST.label(i), 1.7e9)));
        }
        List<RangeReader.Raw> reversed = new ArrayList<>(req);
        Collections.reverse(reversed);

        MnistDigits a = DigitsLiveDataset.join(req, fb, RANGES).drawings();
        MnistDigits b = DigitsLiveDataset.join(reversed, fb, RANGES).drawings();

        assertThat(b.pixels()).isEqualTo(a.pixels()).isEqualTo(java.util.Arrays.copyOf(MNIST.pixels(), 30 * DigitPreprocessing.PIXELS));
        assertThat(b.labels()).isEqualTo(a.labels()).isEqualTo(java.util.Arrays.copyOf(MNIST.labels(), 30));
    }
}

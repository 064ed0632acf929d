package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Digits through the shared stream and load runs, against an in-memory target and a MockProducer. */
class DigitsRunsTest {
    private static final MnistDigits HOLDOUT = MnistDigits.holdout();
    private static final DigitsWorkload WORKLOAD = new DigitsWorkload(HOLDOUT, DigitsWorkload.Input.PIXELS);
    private static final byte[] SEVEN = "{\"digit\":7,\"probabilities\":[0,0,0,0,0,0,0,1,0,0]}".getBytes(StandardCharsets.UTF_8);

    /** The first n digits the source with these options hands out. */
    private static List<DigitsSource.Digit> expected(long seed, double wrongShare, int n) {
        DigitsSource source = new DigitsSource(HOLDOUT, seed, false, wrongShare);
        return LongStream.range(0, n).mapToObj(i -> source.next()).toList();
    }

    @Test
    void streamRunJudgesEveryAnswerAndSendsEachLabelSomeWrong() throws InterruptedException {
        int n = 300;
        RecordingTarget target = new RecordingTarget(k -> null, r -> SEVEN);
        Feed<DigitsSource.Digit> feed = new Feed<>(new DigitsSource(HOLDOUT, 21, false, 0.2), RunIds.text("d-"), n);
        StreamRun.Settings settings = new StreamRun.Settings(BurstSchedule.steady(100_000), null, Duration.ZERO, 1.0, 8, true);
        StreamRun<DigitsSource.Digit> run = new StreamRun<>(settings, feed, target, WORKLOAD, Ticker.system(), () -> 1_795_444_349_000L);

        assertThat(run.run(new StopSignal())).isZero();

        List<DigitsSource.Digit> digits = expected(21, 0.2, n);
        long sevens = digits.stream().filter(d -> d.label() == 7).count();
        long wrong = digits.stream().filter(DigitsSource.Digit::mislabelled).count();
        assertThat(wrong).isBetween(30L, 90L);
        assertThat(run.stats().judged()).isEqualTo(n);
        assertThat(run.stats().right()).isEqualTo(sevens);
        assertThat(run.stats().feedbackSent()).isEqualTo(n);
        assertThat(run.stats().feedbackMislabelled()).isEqualTo(wrong);
        for (JsonNode f : target.feedbacks) {
            Parsed<?> parsed = DigitsWire.FEEDBACK.read(f);
            assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
            DigitsSource.Digit d = digits.get(Integer.parseInt(f.get("id").asString().substring(2)));
            assertThat(f.get("label").asInt()).isEqualTo(d.feedbackLabel());
        }
        long sentWrong = target.feedbacks.stream().filter(f -> {
            DigitsSource.Digit d = digits.get(Integer.parseInt(f.get("id").asString().substring(2)));
            return f.get("label").asInt() != d.label();
        }).count();
        assertThat(sentWrong).isEqualTo(wrong);

        StringWriter out = new StringWriter();
        Summary summary = Summary.of("stream", "memory", "digits", 0, 1_000_000_000L, run.stats(), 0, true);
        summary.print(new PrintWriter(out));
        assertThat(summary.judged().accuracy()).isEqualTo((double) sevens / n);
        assertThat(out.toString())
                .contains(String.format(Locale.ROOT, "accuracy    %.2f%% (%d of %d answers right)", 100.0 * sevens / n, sevens, n))
                .contains("mislabelled " + wrong + " of the feedback sent had a wrong label");
    }

    @Test
    void loadRunJudgesTheMeasuredAnswers() throws InterruptedException {
        RecordingTarget target = new RecordingTarget(k -> k % 10 == 9 ? "http 503" : null, r -> SEVEN);
        Feed<DigitsSource.Digit> feed = new Feed<>(new DigitsSource(HOLDOUT, 4, false, 0), RunIds.number(0), 200);
        LoadRun<DigitsSource.Digit> run = new LoadRun<>(new LoadRun.Settings(4, Duration.ZERO, null), feed, target, WORKLOAD,
                Ticker.system());

        run.run(new StopSignal());

        assertThat(run.measured().answered()).isEqualTo(180);
        assertThat(run.measured().judged()).isEqualTo(180);
        assertThat(run.live().judged()).isEqualTo(180);
        assertThat(target.feedbacks).isEmpty();
    }

    @Test
    void onKafkaDigitsAndLabelsGoOntoTheDigitsTopicsKeyedByIdAndNothingIsJudged() throws InterruptedException {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        Feed<DigitsSource.Digit> feed = new Feed<>(new DigitsSource(HOLDOUT, 9, false, 0.5), RunIds.text("k-"), 20);
        StreamRun.Settings settings = new StreamRun.Settings(BurstSchedule.steady(100_000), null, Duration.ZERO, 1.0, 4, true);
        StreamRun<DigitsSource.Digit> run;
        try (KafkaTarget target = new KafkaTarget(producer, Topics.of(Task.DIGITS), Duration.ofSeconds(1), "mock")) {
            run = new StreamRun<>(settings, feed, target, WORKLOAD, Ticker.system(), System::currentTimeMillis);
            run.run(new StopSignal());
        }

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(40);
        assertThat(sent.stream().filter(r -> r.topic().equals("digits.requests"))).hasSize(20)
                .allMatch(r -> DigitsWire.REQUEST.read(r.value()).isOk())
                .allMatch(r -> DigitsWire.REQUEST.read(r.value()).value().id().equals(r.key()));
        assertThat(sent.stream().filter(r -> r.topic().equals("digits.feedback"))).hasSize(20)
                .allMatch(r -> DigitsWire.FEEDBACK.read(r.value()).isOk())
                .allMatch(r -> DigitsWire.FEEDBACK.read(r.value()).value().id().equals(r.key()));
        assertThat(run.stats().judged()).isZero();
        assertThat(run.stats().feedbackMislabelled())
                .isEqualTo(expected(9, 0.5, 20).stream().filter(DigitsSource.Digit::mislabelled).count());

        StringWriter out = new StringWriter();
        Summary.of("stream", "kafka", "digits", 0, 1_000_000L, run.stats(), 0, true).print(new PrintWriter(out));
        assertThat(out.toString()).contains("accuracy    n/a (no answer named a class)");
    }
}

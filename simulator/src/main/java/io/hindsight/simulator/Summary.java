package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run did, printed at the end and optionally written as JSON (for bench scripts).
 *
 * @param mode              "stream" (bursty, with feedback) or "load" (closed loop)
 * @param elapsedSeconds    the measured window: from the start (after warm-up in load mode) to the last answer
 * @param answeredPerSecond answered records per second over the measured window
 * @param latencyMs         time from sending a record to its full answer, answered records only
 * @param judged            for tasks whose answers are right or wrong (digits): how many were right, and how much
 *                          feedback went out deliberately wrong; null for the others (calories)
 */
public record Summary(String mode, String target, String source, int concurrency, double elapsedSeconds,
                      long sent, long answered, Map<String, Long> errors, long feedbackSent, long feedbackFailed,
                      long feedbackAbandoned, double answeredPerSecond, Latency latencyMs, Judged judged) {

    /**
     * Served accuracy as the simulator saw it: answers that named the true class, of the answers that named one.
     *
     * @param answers            answers judged (an HTTP answer that names a class; Kafka gives no answers)
     * @param right              of those, the ones that named the true class
     * @param mislabelledFeedback feedback sent with a deliberately wrong label
     */
    public record Judged(long answers, long right, long mislabelledFeedback) {
        /** right / answers, or null when nothing was judged. */
        public Double accuracy() {
            return answers == 0 ? null : (double) right / answers;
        }
    }

    /** Percentiles of an HdrHistogram of nanoseconds, in milliseconds. */
    public record Latency(long count, double mean, double p50, double p95, double p99, double max) {
        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(nanos.getTotalCount(), ms(nanos.getMean()), ms(nanos.getValueAtPercentile(50)),
                    ms(nanos.getValueAtPercentile(95)), ms(nanos.getValueAtPercentile(99)), ms(nanos.getMaxValue()));
        }

        private static double ms(double nanos) {
            return Math.round(nanos / 1e3) / 1e3;
        }
    }

    /** @param judges whether the task's answers are judged right or wrong (adds {@link Judged}) */
    static Summary of(String mode, String target, String source, int concurrency, long elapsedNanos, Stats stats,
                      long feedbackAbandoned, boolean judges) {
        double seconds = elapsedNanos / 1e9;
        long answered = stats.answered();
        return new Summary(mode, target, source, concurrency, Math.round(seconds * 1000) / 1000.0, stats.sent(), answered,
                stats.errorsByKind(), stats.feedbackSent(), stats.feedbackFailed(), feedbackAbandoned,
                seconds > 0 ? Math.round(answered / seconds * 10) / 10.0 : 0, Latency.of(stats.latency()),
                judges ? new Judged(stats.judged(), stats.right(), stats.feedbackMislabelled()) : null);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "mode        %s%s, %.2f s%n", mode,
                concurrency > 0 ? ", concurrency " + concurrency : "", elapsedSeconds);
        out.printf("target      %s%n", target);
        out.printf("records     %s%n", source);
        out.printf("sent        %d%n", sent);
        out.printf("answered    %d%n", answered);
        if (judged != null) {
            out.printf(Locale.ROOT, "accuracy    %s%n", judged.answers() == 0 ? "n/a (no answer named a class)"
                    : String.format(Locale.ROOT, "%.2f%% (%d of %d answers right)",
                            judged.accuracy() * 100, judged.right(), judged.answers()));
        }
        out.printf("errors      %s%n", errors.isEmpty() ? "0" : errorCount() + " " + errors);
        if (mode.equals("stream")) {
            out.printf("feedback    %d sent, %d failed, %d abandoned%n", feedbackSent, feedbackFailed, feedbackAbandoned);
            if (judged != null) {
                out.printf("mislabelled %d of the feedback sent had a wrong label%n", judged.mislabelledFeedback());
            }
        }
        out.printf(Locale.ROOT, "throughput  %.1f req/s%n", answeredPerSecond);
        out.printf(Locale.ROOT, "latency ms  p50 %.3f  p95 %.3f  p99 %.3f  max %.3f  mean %.3f%n",
                latencyMs.p50(), latencyMs.p95(), latencyMs.p99(), latencyMs.max(), latencyMs.mean());
        out.flush();
    }

    void writeJson(Path path) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", mode);
        doc.put("target", target);
        doc.put("source", source);
        doc.put("concurrency", concurrency);
        doc.put("elapsedSeconds", elapsedSeconds);
        doc.put("sent", sent);
        doc.put("answered", answered);
        if (judged != null) {
            Map<String, Object> acc = new LinkedHashMap<>();
            acc.put("judged", judged.answers());
            acc.put("right", judged.right());
            acc.put("value", judged.accuracy());
            doc.put("accuracy", acc);
        }
        doc.put("errors", errors);
        doc.put("feedbackSent", feedbackSent);
        doc.put("feedbackFailed", feedbackFailed);
        doc.put("feedbackAbandoned", feedbackAbandoned);
        if (judged != null) {
            doc.put("feedbackMislabelled", judged.mislabelledFeedback());
        }
        doc.put("requestsPerSecond", answeredPerSecond);
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", latencyMs.count());
        lat.put("mean", latencyMs.mean());
        lat.put("p50", latencyMs.p50());
        lat.put("p95", latencyMs.p95());
        lat.put("p99", latencyMs.p99());
        lat.put("max", latencyMs.max());
        doc.put("latencyMs", lat);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(path, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    }
}

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
 */
public record Summary(String mode, String target, String source, int concurrency, double elapsedSeconds,
                      long sent, long answered, Map<String, Long> errors, long feedbackSent, long feedbackFailed,
                      long feedbackAbandoned, double answeredPerSecond, Latency latencyMs) {

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

    static Summary of(String mode, String target, String source, int concurrency, long elapsedNanos, Stats stats,
                      long feedbackAbandoned) {
        double seconds = elapsedNanos / 1e9;
        long answered = stats.answered();
        return new Summary(mode, target, source, concurrency, Math.round(seconds * 1000) / 1000.0, stats.sent(), answered,
                stats.errorsByKind(), stats.feedbackSent(), stats.feedbackFailed(), feedbackAbandoned,
                seconds > 0 ? Math.round(answered / seconds * 10) / 10.0 : 0, Latency.of(stats.latency()));
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
        out.printf("errors      %s%n", errors.isEmpty() ? "0" : errorCount() + " " + errors);
        if (mode.equals("stream")) {
            out.printf("feedback    %d sent, %d failed, %d abandoned%n", feedbackSent, feedbackFailed, feedbackAbandoned);
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
        doc.put("errors", errors);
        doc.put("feedbackSent", feedbackSent);
        doc.put("feedbackFailed", feedbackFailed);
        doc.put("feedbackAbandoned", feedbackAbandoned);
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

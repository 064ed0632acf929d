package io.hindsight.predictor.bench;

import io.hindsight.predictor.registry.ServableModel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Measures a served model the way the predictor calls it: one {@link ServableModel#predict} per batch, on
 * real inputs, after a warm-up. Reports per-call latency percentiles and rows per second for each batch
 * size. A benchmark, not a test: it asserts nothing and its numbers belong in docs/benchmarks.md.
 */
public final class InferenceBenchmark {

    /** One batch size's figures; latencies are per call (per batch), in microseconds. */
    public record Result(int batch, long calls, double p50Us, double p90Us, double p99Us, double maxUs,
                         double rowsPerSecond, double p50UsPerRow) {
        public String line() {
            return String.format("batch %4d  calls %7d  p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  max %9.1f us  "
                    + "%9.0f rows/s  p50/row %7.1f us", batch, calls, p50Us, p90Us, p99Us, maxUs, rowsPerSecond, p50UsPerRow);
        }
    }

    private final ServableModel model;
    private final List<double[]> inputs;

    public InferenceBenchmark(ServableModel model, List<double[]> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs to benchmark with");
        }
        this.model = model;
        this.inputs = List.copyOf(inputs);
    }

    /** Runs warm-up calls, then {@code seconds} of measured calls of {@code batch} rows each. */
    public Result run(int batch, double warmupSeconds, double seconds) {
        List<List<double[]>> batches = batches(batch);
        loop(batches, warmupSeconds, null);
        Histogram h = new Histogram(3_600_000_000L, 3);
        long t0 = System.nanoTime();
        long calls = loop(batches, seconds, h);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double p50 = h.getValueAtPercentile(50) / 1e3;
        return new Result(batch, calls, p50, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3, calls * (double) batch / elapsed, p50 / batch);
    }

    private long loop(List<List<double[]>> batches, double seconds, Histogram h) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        int i = 0;
        long sink = 0;
        while (System.nanoTime() < end) {
            List<double[]> b = batches.get(i);
            i = (i + 1) % batches.size();
            long s = System.nanoTime();
            sink += (long) model.predict(b).get(0).value();
            if (h != null) {
                h.recordValue(System.nanoTime() - s);
            }
            calls++;
        }
        if (sink == Long.MIN_VALUE) {
            System.out.print(""); // keeps the results observable to the JIT
        }
        return calls;
    }

    private List<List<double[]>> batches(int batch) {
        List<List<double[]>> out = new ArrayList<>();
        for (int start = 0; start + batch <= inputs.size(); start += batch) {
            out.add(inputs.subList(start, start + batch));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("need at least " + batch + " inputs for a batch of " + batch);
        }
        return out;
    }
}

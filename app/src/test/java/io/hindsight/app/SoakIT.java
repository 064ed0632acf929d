package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.simulator.BurstSchedule;
import io.hindsight.simulator.WireJson;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's soak: every role in one JVM under a bursty open-loop stream of calories requests, each followed
 * by its feedback, over HTTP. At the end of every idle gap (when the system should have drained) it samples
 * heap after a full GC and the total lag of every consumer group; per burst it records latency. "Flat": the
 * last third of the run is compared with the first third (the first cycle is JIT warm-up and left out).
 * 3 minutes in CI; {@code -Dhindsight.soak.minutes=30} for the long run.
 */
class SoakIT {
    private static final double MINUTES = Double.parseDouble(System.getProperty("hindsight.soak.minutes", "3"));
    private static final BurstSchedule SCHEDULE = new BurstSchedule(150, Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static final long SEED = 20261125L;
    private static final int MAX_IN_FLIGHT = 256;
    /**
     * The predictor remembers every request id for the horizon (to answer a retry with the original), so its
     * memory grows with rate x horizon until the horizon is reached; a horizon of a few cycles makes the run reach
     * that steady state early, so what is left to grow is a leak.
     */
    private static final Duration HORIZON = Duration.ofMinutes(1);

    @Test
    void heapLagAndLatencyStayFlatUnderABurstyStream() throws Exception {
        try (InProcessHindsight app = InProcessHindsight.start("soak", DigitsFirstStartMode.OFF,
                s -> s.withHorizon(HORIZON));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create(app.base());
            int cycles = (int) Math.max(9, Math.round(MINUTES * 60_000 / SCHEDULE.cycleNanos() * 1e6));
            long perBurst = SCHEDULE.sendsPerBurst();
            List<CaloriesRow> rows = new CaloriesGenerator(SEED, 0).next((int) (cycles * perBurst));
            Map<Integer, List<Long>> latencies = new ConcurrentHashMap<>();
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            List<Sample> samples = new ArrayList<>();
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            long t0 = System.nanoTime();
            for (int c = 0; c < cycles; c++) {
                List<Long> cycleLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
                latencies.put(c, cycleLatencies);
                for (long k = 0; k < perBurst; k++) {
                    long n = c * perBurst + k;
                    sleepUntil(t0 + SCHEDULE.offsetNanos(n)); // pacing an open-loop stream, not synchronisation
                    inFlight.acquire();
                    CaloriesRow row = rows.get((int) n);
                    String id = "soak-" + n;
                    long sent = System.nanoTime();
                    http.sendAsync(post(base, "/v1/calories/predict", WireJson.request(id, row.record())), HttpResponse.BodyHandlers.discarding())
                            .thenCompose(r -> {
                                cycleLatencies.add(System.nanoTime() - sent);
                                statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
                                return http.sendAsync(post(base, "/v1/calories/feedback",
                                        WireJson.feedback(id, row.calories(), System.currentTimeMillis())), HttpResponse.BodyHandlers.discarding());
                            })
                            .whenComplete((r, e) -> {
                                statuses.computeIfAbsent(e != null ? -1 : r.statusCode(), s -> new LongAdder()).increment();
                                inFlight.release();
                            });
                }
                sleepUntil(t0 + (c + 1) * SCHEDULE.cycleNanos()); // the idle gap: the system drains
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                samples.add(new Sample(c, heap, lag(admin), percentile(cycleLatencies, 0.50), percentile(cycleLatencies, 0.99)));
                System.out.printf("soak: cycle %d/%d heap %d MB, lag %d, p50 %.1f ms, p99 %.1f ms%n", c + 1, cycles,
                        heap >> 20, samples.get(c).lag(), samples.get(c).p50Ms(), samples.get(c).p99Ms());
            }
            inFlight.acquire(MAX_IN_FLIGHT); // every answer is in
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> lag(admin) == 0);

            // the first third after the horizon filled the dedupe memory (and the first cycle, JIT warm-up)
            int steady = (int) Math.max(1, Math.ceil(HORIZON.toNanos() / (double) SCHEDULE.cycleNanos()));
            List<Sample> first = samples.subList(steady, steady + Math.max(1, (cycles - steady) / 3));
            List<Sample> last = samples.subList(cycles - Math.max(1, (cycles - steady) / 3), cycles);
            double heapFirst = median(first.stream().mapToDouble(Sample::heap).toArray());
            double heapLast = median(last.stream().mapToDouble(Sample::heap).toArray());
            long lagFirst = first.stream().mapToLong(Sample::lag).max().orElse(0);
            long lagLast = last.stream().mapToLong(Sample::lag).max().orElse(0);
            double p99First = median(first.stream().mapToDouble(Sample::p99Ms).toArray());
            double p99Last = median(last.stream().mapToDouble(Sample::p99Ms).toArray());
            System.out.printf("soak: %d cycles of %s at %.0f/s then %s idle, %d requests each with feedback; statuses %s; "
                            + "heap after GC %d -> %d MB; max lag after a gap %d -> %d; median burst p99 %.1f -> %.1f ms%n",
                    cycles, SCHEDULE.burst(), SCHEDULE.ratePerSecond(), SCHEDULE.idle(), rows.size(), MixedLoad.snapshot(statuses),
                    (long) heapFirst >> 20, (long) heapLast >> 20, lagFirst, lagLast, p99First, p99Last);

            assertThat(MixedLoad.snapshot(statuses)).as("every request 200 and every feedback 202")
                    .containsOnlyKeys(200, 202).containsEntry(200, (long) rows.size()).containsEntry(202, (long) rows.size());
            // 1.25x let the 30-minute run pass while the registry kept every retrained model (185 -> 249 MB); 1.10x fails it
            assertThat(heapLast).as("heap after GC does not grow").isLessThanOrEqualTo(heapFirst * 1.10 + (32 << 20));
            assertThat(lagLast).as("consumers keep up: lag after an idle gap does not grow").isLessThanOrEqualTo(lagFirst * 2 + 1_000);
            // generous: a shared 2-core machine moves a burst's p99 by 2-3x; a creeping leak or a growing queue moves it more
            assertThat(p99Last).as("latency does not creep").isLessThanOrEqualTo(p99First * 5 + 100);
        }
    }

    private static HttpRequest post(URI base, String path, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Sum over every consumer group of end offset minus committed offset. */
    private static long lag(Admin admin) throws Exception {
        long total = 0;
        for (var g : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            for (var e : committed.entrySet()) {
                if (e.getValue() != null && ends.containsKey(e.getKey())) {
                    total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
        }
        return total;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double percentile(List<Long> nanos, double q) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        java.util.Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private record Sample(int cycle, long heap, long lag, double p50Ms, double p99Ms) {
    }
}

package io.hindsight.app;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the topics say happened, read back committed (read_committed) from the beginning: served predictions
 * per request, scored outputs, and every rolling-metrics window recounted offline from the scored records it
 * should contain (a scored record belongs to the windows its record timestamp falls in, as in the joiner's
 * hopping windows).
 */
final class TopicAudit {
    private static final List<String> TASKS = List.of("calories", "digits", "rps");
    private static final double TOLERANCE = 1e-9;

    private final String bootstrap;
    private final Map<String, Map<String, Integer>> served = new HashMap<>();
    private final Map<String, Map<String, Integer>> scoredOutputs = new HashMap<>();
    private final Map<String, Set<String>> scoredServed = new HashMap<>();
    private final Map<String, List<ConsumerRecord<String, byte[]>>> scoredRecords = new HashMap<>();
    private final Set<String> rpsModelServed = new HashSet<>();
    private final Set<String> rpsFeedback = new HashSet<>();
    private final Map<String, RollingMetrics> rolling = new TreeMap<>();
    private final Map<String, Long> replays = new TreeMap<>();

    TopicAudit(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void read() {
        served.clear();
        scoredOutputs.clear();
        scoredServed.clear();
        scoredRecords.clear();
        rpsModelServed.clear();
        rpsFeedback.clear();
        rolling.clear();
        replays.clear();
        for (String task : TASKS) {
            Map<String, Integer> byId = new HashMap<>();
            long replayed = 0;
            for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, task + ".predictions")) {
                PredictionRecord p = Json.read(r.value(), PredictionRecord.class);
                if (p.replay()) {
                    replayed++;
                } else if (!p.draft()) {
                    byId.merge(p.requestId(), 1, Integer::sum);
                    if (task.equals("rps") && !"fallback".equals(p.served().version())) {
                        rpsModelServed.add(p.requestId());
                    }
                }
            }
            served.put(task, byId);
            replays.put(task, replayed);
            Map<String, Integer> outputs = new HashMap<>();
            Set<String> servedScored = new HashSet<>();
            List<ConsumerRecord<String, byte[]>> records = TestKafka.readAll(bootstrap, task + ".scored");
            for (ConsumerRecord<String, byte[]> r : records) {
                ScoredRecord s = Json.read(r.value(), ScoredRecord.class);
                outputs.merge(s.requestId() + "/" + s.family() + "/" + s.alias(), 1, Integer::sum);
                if (s.served()) {
                    servedScored.add(s.requestId());
                }
            }
            scoredOutputs.put(task, outputs);
            scoredServed.put(task, servedScored);
            scoredRecords.put(task, records);
        }
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, "rps.feedback")) {
            rpsFeedback.add(r.key());
        }
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, "metrics.rolling")) {
            if (r.value() != null) {
                rolling.put(r.key(), Json.read(r.value(), RollingMetrics.class)); // the last committed update wins
            }
        }
    }

    Set<String> servedIds(String task) {
        return served.get(task).keySet();
    }

    Set<String> scoredServedIds(String task) {
        return scoredServed.get(task);
    }

    /** rps rounds the joiner must score: a player's move (feedback) for a round a model predicted. */
    Set<String> rpsExpectedScored() {
        Set<String> out = new HashSet<>(rpsFeedback);
        out.retainAll(rpsModelServed);
        return out;
    }

    List<String> duplicateServed() {
        List<String> out = new ArrayList<>();
        served.forEach((task, ids) -> ids.forEach((id, n) -> {
            if (n > 1) {
                out.add(task + " " + id + " x" + n);
            }
        }));
        return out;
    }

    List<String> duplicateScored() {
        List<String> out = new ArrayList<>();
        scoredOutputs.forEach((task, outputs) -> outputs.forEach((key, n) -> {
            if (n > 1) {
                out.add(task + " " + key + " x" + n);
            }
        }));
        return out;
    }

    /** Every window on metrics.rolling of these tasks against the offline recount; empty when all agree. */
    List<String> rollingMismatches() {
        List<String> out = new ArrayList<>();
        for (RollingMetrics m : rolling.values()) {
            if (!TASKS.contains(m.task())) {
                continue;
            }
            long matched = 0;
            double absErrors = 0;
            long correct = 0;
            for (ConsumerRecord<String, byte[]> r : scoredRecords.get(m.task())) {
                if (r.timestamp() < m.windowStart() || r.timestamp() >= m.windowEnd()) {
                    continue;
                }
                ScoredRecord s = Json.read(r.value(), ScoredRecord.class);
                if (s.family().equals(m.family()) && s.version().equals(m.version()) && s.alias().equals(m.alias())) {
                    matched++;
                    absErrors += s.absError();
                    correct += Boolean.TRUE.equals(s.correct()) ? 1 : 0;
                }
            }
            String series = m.task() + "/" + m.family() + "/" + m.alias() + "@" + m.windowStart();
            if (matched != m.matched() || m.expired() != 0) {
                out.add(series + ": matched " + m.matched() + " (expired " + m.expired() + ") vs recount " + matched);
            } else if (m.task().equals("calories") && Math.abs(absErrors / matched - m.mae()) > TOLERANCE * Math.max(1, m.mae())) {
                out.add(series + ": MAE " + m.mae() + " vs recount " + absErrors / matched);
            } else if (!m.task().equals("calories") && Math.abs(correct / (double) matched - m.accuracy()) > TOLERANCE) {
                out.add(series + ": accuracy " + m.accuracy() + " vs recount " + correct / (double) matched);
            }
        }
        return out;
    }

    String summary() {
        Map<String, String> perTask = new TreeMap<>();
        for (String task : TASKS) {
            long outputs = scoredOutputs.get(task).size();
            perTask.put(task, served.get(task).size() + " served (+" + replays.get(task) + " replays), " + outputs
                    + " scored outputs (" + scoredServed.get(task).size() + " served)");
        }
        long windows = rolling.values().stream().filter(m -> TASKS.contains(m.task())).count();
        return perTask + "; " + windows + " rolling windows recounted offline, " + rollingMismatches().size() + " differ";
    }
}

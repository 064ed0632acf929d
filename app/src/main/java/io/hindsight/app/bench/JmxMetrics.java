package io.hindsight.app.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the Kafka clients' and the embedded broker's own metrics from this JVM's MBean server: what the
 * transactions cost (producer txn-commit time), where a stream thread spends its time (process/commit/poll
 * ratios) and how long the broker takes per request type. They are cumulative since each client started.
 */
final class JmxMetrics {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final List<String> BROKER_REQUESTS = List.of("Produce", "EndTxn", "TxnOffsetCommit", "AddOffsetsToTxn",
            "AddPartitionsToTxn", "FetchConsumer", "WriteTxnMarkers");

    private JmxMetrics() {
    }

    /** Sum of a numeric attribute over every MBean matching the pattern whose name contains {@code filter}. */
    static double sum(String pattern, String filter, String attribute) {
        double total = 0;
        boolean any = false;
        for (ObjectName n : names(pattern)) {
            if (filter != null && !n.toString().contains(filter)) {
                continue;
            }
            Double v = number(n, attribute);
            if (v != null && !v.isNaN()) {
                total += v;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /** The first matching MBean's attribute, NaN if none. */
    static double first(String pattern, String filter, String attribute) {
        for (ObjectName n : names(pattern)) {
            if (filter == null || n.toString().contains(filter)) {
                Double v = number(n, attribute);
                if (v != null) {
                    return v;
                }
            }
        }
        return Double.NaN;
    }

    private static Set<ObjectName> names(String pattern) {
        try {
            return SERVER.queryNames(new ObjectName(pattern), null);
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static Double number(ObjectName n, String attribute) {
        try {
            Object v = SERVER.getAttribute(n, attribute);
            return v instanceof Number num ? num.doubleValue() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Transactions of the producers whose client id contains {@code clientId}: total ms in each step. */
    static Map<String, Double> producerTransactions(String clientId) {
        Map<String, Double> m = new LinkedHashMap<>();
        String p = "kafka.producer:type=producer-metrics,client-id=*";
        for (String step : List.of("txn-begin", "txn-send-offsets", "txn-commit", "txn-abort", "flush")) {
            m.put(step + " total ms", sum(p, clientId, step + "-time-ns-total") / 1e6);
        }
        m.put("request-latency-avg ms", first(p, clientId, "request-latency-avg"));
        m.put("records-per-request-avg", first(p, clientId, "records-per-request-avg"));
        m.put("batch-size-avg bytes", first(p, clientId, "batch-size-avg"));
        m.put("record-retry-total", sum(p, clientId, "record-retry-total"));
        return m;
    }

    /** Kafka Streams thread ratios (share of the thread's time) and commit figures, for threads containing {@code id}. */
    static Map<String, Double> streamThreads(String id) {
        Map<String, Double> m = new LinkedHashMap<>();
        String p = "kafka.streams:type=stream-thread-metrics,thread-id=*";
        for (String a : List.of("process-ratio", "punctuate-ratio", "commit-ratio", "poll-ratio", "process-rate",
                "process-total", "commit-total", "commit-latency-avg", "commit-latency-max", "poll-records-avg",
                "poll-latency-avg", "punctuate-latency-avg", "blocked-time-ns-total")) {
            m.put(a, first(p, id, a));
        }
        return m;
    }

    /** The embedded broker's time per request type: mean and p99 of TotalTimeMs, and the count. */
    static List<String> brokerRequestLines() {
        List<String> out = new ArrayList<>();
        for (String r : BROKER_REQUESTS) {
            String n = "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + r;
            double count = first(n, null, "Count");
            if (Double.isNaN(count) || count == 0) {
                continue;
            }
            out.add(String.format("  broker %-18s %,9.0f requests, total time mean %6.2f ms, p99 %7.2f ms (local %5.2f, remote %5.2f, queue %5.2f)",
                    r, count, first(n, null, "Mean"), first(n, null, "99thPercentile"),
                    first("kafka.network:type=RequestMetrics,name=LocalTimeMs,request=" + r, null, "Mean"),
                    first("kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=" + r, null, "Mean"),
                    first("kafka.network:type=RequestMetrics,name=RequestQueueTimeMs,request=" + r, null, "Mean")));
        }
        return out;
    }

    static Map<String, Object> brokerRequests() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String r : BROKER_REQUESTS) {
            String n = "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + r;
            double count = first(n, null, "Count");
            if (Double.isNaN(count) || count == 0) {
                continue;
            }
            Map<String, Double> e = new LinkedHashMap<>();
            e.put("count", count);
            e.put("totalMeanMs", first(n, null, "Mean"));
            e.put("totalP99Ms", first(n, null, "99thPercentile"));
            e.put("localMeanMs", first("kafka.network:type=RequestMetrics,name=LocalTimeMs,request=" + r, null, "Mean"));
            e.put("remoteMeanMs", first("kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=" + r, null, "Mean"));
            e.put("queueMeanMs", first("kafka.network:type=RequestMetrics,name=RequestQueueTimeMs,request=" + r, null, "Mean"));
            m.put(r, e);
        }
        return m;
    }

    /** NaN-free copy for JSON. */
    static Map<String, Object> clean(Map<String, Double> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
        return out;
    }
}

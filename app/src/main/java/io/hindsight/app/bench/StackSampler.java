package io.hindsight.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A poor man's profiler: every {@code intervalMillis} it takes the stacks of the threads whose names start
 * chosen by name, and counts where each sample is, by library ({@link #component}) and by the
 * first frame that is not the JDK's. Thread dumps are taken at safepoints, so the figures are coarse (biased
 * towards safepoint polls) but good enough to tell JSON from XGBoost from waiting on the broker.
 */
public final class StackSampler implements AutoCloseable {
    private static final int DEPTH = 128;

    private final String description;
    private final java.util.function.Predicate<String> threadNames;
    private final long intervalMillis;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Long> byComponent = new HashMap<>();
    private final Map<String, Long> byFrame = new HashMap<>();
    private final Map<String, Long> byHindsight = new HashMap<>();
    private final Set<String> sampledThreads = new HashSet<>();
    private long samples;
    private volatile boolean running;
    private Thread thread;

    /** @param threadNames which threads to sample, by name; {@code description} says which in the output */
    public StackSampler(String description, java.util.function.Predicate<String> threadNames, long intervalMillis) {
        this.description = description;
        this.threadNames = threadNames;
        this.intervalMillis = intervalMillis;
    }

    public synchronized StackSampler start() {
        if (thread != null) {
            return this;
        }
        running = true;
        thread = new Thread(this::run, "bench-stack-sampler");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        List<Long> ids = new ArrayList<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && threadNames.test(t.getThreadName())) {
                ids.add(t.getThreadId());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids.stream().mapToLong(Long::longValue).toArray(), DEPTH);
        synchronized (this) {
            for (ThreadInfo info : infos) {
                if (info == null) {
                    continue;
                }
                samples++;
                sampledThreads.add(CpuSnapshot.group(info.getThreadName()));
                StackTraceElement[] stack = info.getStackTrace();
                String state = state(info, stack);
                StackTraceElement first = firstOwn(stack);
                String component = first == null ? "JDK" : component(first.getClassName());
                byComponent.merge(state + " | " + component, 1L, Long::sum);
                String frame = first == null ? (stack.length > 0 ? name(stack[0]) : "?") : name(first);
                byFrame.merge(state + " | " + frame, 1L, Long::sum);
                StackTraceElement own = firstHindsight(stack);
                byHindsight.merge(state + " | " + (own == null ? "(no Hindsight frame)" : name(own)), 1L, Long::sum);
            }
        }
    }

    /** RUNNABLE in epoll or socket poll is a thread waiting for the network, not computing. */
    static String state(ThreadInfo info, StackTraceElement[] stack) {
        if (info.getThreadState() == Thread.State.RUNNABLE && stack.length > 0) {
            String top = stack[0].getClassName() + "." + stack[0].getMethodName();
            if (top.startsWith("sun.nio.ch.EPoll.wait") || top.startsWith("sun.nio.ch.Net.poll")
                    || top.startsWith("sun.nio.ch.EPoll.epollWait")) {
                return "waiting (network poll)";
            }
            return "running";
        }
        return "waiting (" + info.getThreadState().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static StackTraceElement firstOwn(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun."))) {
                return e;
            }
        }
        return null;
    }

    private static StackTraceElement firstHindsight(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("io.hindsight") && !e.getClassName().startsWith("io.hindsight.app.bench")) {
                return e;
            }
        }
        return null;
    }

    private static String name(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }

    /** The library a class belongs to, for the coarse split. */
    static String component(String className) {
        if (className.startsWith("com.networknt")) {
            return "JSON Schema validation (networknt)";
        }
        if (className.startsWith("tools.jackson") || className.startsWith("com.fasterxml.jackson")) {
            return "JSON (Jackson)";
        }
        if (className.startsWith("ml.dmlc") || className.startsWith("org.tribuo")) {
            return "model (Tribuo / XGBoost)";
        }
        if (className.startsWith("ai.onnxruntime")) {
            return "model (ONNX Runtime)";
        }
        if (className.startsWith("org.rocksdb")) {
            return "RocksDB";
        }
        if (className.startsWith("net.jpountz") || className.startsWith("com.github.luben") || className.startsWith("org.xerial")) {
            return "compression";
        }
        if (className.startsWith("org.apache.kafka.clients.producer")) {
            return "Kafka producer";
        }
        if (className.startsWith("org.apache.kafka.clients.consumer")) {
            return "Kafka consumer";
        }
        if (className.startsWith("org.apache.kafka.streams")) {
            return "Kafka Streams";
        }
        if (className.startsWith("org.apache.kafka")) {
            return "Kafka common";
        }
        if (className.startsWith("io.hindsight")) {
            return "Hindsight";
        }
        if (className.startsWith("io.micrometer")) {
            return "metrics (Micrometer)";
        }
        if (className.startsWith("org.slf4j") || className.startsWith("ch.qos.logback")) {
            return "logging";
        }
        return "other";
    }

    public synchronized long samples() {
        return samples;
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(counts.entrySet());
        e.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        return e.subList(0, Math.min(n, e.size()));
    }

    public synchronized List<String> lines(int topComponents, int topFrames) {
        List<String> out = new ArrayList<>();
        if (samples == 0) {
            out.add("stack samples: none (no thread: " + description + ")");
            return out;
        }
        out.add(String.format("stack samples of %s every %d ms: %d samples", sampledThreads, intervalMillis, samples));
        out.add("  by state and library (first non-JDK frame):");
        for (Map.Entry<String, Long> e : top(byComponent, topComponents)) {
            out.add(String.format("    %5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey()));
        }
        out.add("  by state and first non-JDK method:");
        for (Map.Entry<String, Long> e : top(byFrame, topFrames)) {
            out.add(String.format("    %5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey()));
        }
        out.add("  by state and the innermost Hindsight method on the stack (what Hindsight code led there):");
        for (Map.Entry<String, Long> e : top(byHindsight, topFrames)) {
            out.add(String.format("    %5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey()));
        }
        return out;
    }

    public synchronized Map<String, Object> json(int topComponents, int topFrames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", List.copyOf(sampledThreads));
        m.put("intervalMillis", intervalMillis);
        m.put("samples", samples);
        Map<String, Double> c = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : top(byComponent, topComponents)) {
            c.put(e.getKey(), samples == 0 ? 0 : 100.0 * e.getValue() / samples);
        }
        m.put("percentByComponent", c);
        Map<String, Double> f = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : top(byFrame, topFrames)) {
            f.put(e.getKey(), samples == 0 ? 0 : 100.0 * e.getValue() / samples);
        }
        m.put("percentByMethod", f);
        Map<String, Double> h = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : top(byHindsight, topFrames)) {
            h.put(e.getKey(), samples == 0 ? 0 : 100.0 * e.getValue() / samples);
        }
        m.put("percentByHindsightMethod", h);
        return m;
    }
}

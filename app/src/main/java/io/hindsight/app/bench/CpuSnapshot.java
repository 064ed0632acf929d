package io.hindsight.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of this process and of each of its threads at one moment. Two snapshots give where the CPU
 * went in between, by thread group (a thread's name with ids and numbers masked, so the broker's eight
 * request handlers count as one group).
 */
public final class CpuSnapshot {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final long wallNanos;
    private final long processCpuNanos;
    private final long gcMillis;
    private final long gcCount;
    private final Map<Long, Long> threadCpu;
    private final Map<Long, String> threadNames;
    private final Map<String, Long> osTicks;
    private final Map<String, String> osNames;
    private final long machineBusyTicks;

    private CpuSnapshot(long wallNanos, long processCpuNanos, long gcMillis, long gcCount, Map<Long, Long> threadCpu,
                        Map<Long, String> threadNames, Map<String, Long> osTicks, Map<String, String> osNames,
                        long machineBusyTicks) {
        this.wallNanos = wallNanos;
        this.processCpuNanos = processCpuNanos;
        this.gcMillis = gcMillis;
        this.gcCount = gcCount;
        this.threadCpu = threadCpu;
        this.threadNames = threadNames;
        this.osTicks = osTicks;
        this.osNames = osNames;
        this.machineBusyTicks = machineBusyTicks;
    }

    public static CpuSnapshot take() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long c = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(ids[i]) : -1;
            if (c >= 0) {
                cpu.put(ids[i], c);
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        long gcMs = 0;
        long gcN = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMs += Math.max(0, gc.getCollectionTime());
            gcN += Math.max(0, gc.getCollectionCount());
        }
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> comms = new HashMap<>();
        osThreads(ticks, comms);
        return new CpuSnapshot(System.nanoTime(), processCpu(), gcMs, gcN, cpu, names, ticks, comms, machineBusy());
    }

    /** Busy clock ticks (1/100 s) of all cores since boot, from the first line of /proc/stat; -1 if unknown. */
    static long machineBusy() {
        try {
            String cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
            return busyTicks(cpu);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** "cpu user nice system idle iowait irq softirq steal ...": everything but idle and iowait. */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /**
     * Every OS thread of this process from /proc/self/task: Java threads (name cut to 15 characters) and the
     * ones the JVM does not list: GC, JIT compilers, and native threads such as XGBoost's OpenMP workers (which
     * take the name of the Java thread that started them). CPU in clock ticks (1/100 s).
     */
    private static void osThreads(Map<String, Long> ticks, Map<String, String> comms) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return;
        }
        try (var dirs = java.nio.file.Files.list(tasks)) {
            dirs.forEach(d -> {
                try {
                    String stat = java.nio.file.Files.readString(d.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state=0 ... utime=11, stime=12
                    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String tid = d.getFileName().toString();
                    ticks.put(tid, t);
                    comms.put(tid, stat.substring(open + 1, close));
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc: Java threads only
        }
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** A thread's name with UUIDs and numbers masked: "data-plane-kafka-request-handler-3" -> "...-handler-#". */
    public static String group(String threadName) {
        String s = UUID.matcher(threadName).replaceAll("<id>");
        return NUMBER.matcher(s).replaceAll("#");
    }

    /** One thread group's CPU between two snapshots: seconds, and cores (CPU seconds per wall second). */
    public record GroupCpu(String group, int threads, double cpuSeconds, double cores) {
    }

    /** What happened between {@code start} and this snapshot. */
    /**
     * @param machineCores all cores' busy time per wall second, this process included (NaN if unknown);
     *                     {@code machineCores - processCores} is what other processes took meanwhile
     */
    public record Window(double wallSeconds, double processCores, double machineCores, double gcSeconds, long gcCount,
                         List<GroupCpu> groups, List<GroupCpu> osGroups) {
        public double otherCores() {
            return machineCores - processCores;
        }

        public Map<String, Object> json(int top) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wallSeconds", wallSeconds);
            m.put("processCores", processCores);
            m.put("machineCores", machineCores);
            m.put("otherProcessesCores", otherCores());
            m.put("gcSeconds", gcSeconds);
            m.put("gcCount", gcCount);
            List<Map<String, Object>> g = new ArrayList<>();
            for (GroupCpu c : groups.subList(0, Math.min(top, groups.size()))) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("threads", c.group());
                e.put("count", c.threads());
                e.put("cpuSeconds", c.cpuSeconds());
                e.put("cores", c.cores());
                g.add(e);
            }
            m.put("byThread", g);
            List<Map<String, Object>> o = new ArrayList<>();
            for (GroupCpu c : osGroups.subList(0, Math.min(top, osGroups.size()))) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("threads", c.group());
                e.put("count", c.threads());
                e.put("cpuSeconds", c.cpuSeconds());
                e.put("cores", c.cores());
                o.add(e);
            }
            m.put("byOsThread", o);
            return m;
        }

        public List<String> lines(int top) {
            List<String> out = new ArrayList<>();
            out.add(String.format("CPU over %.1f s: this process %.2f cores, other processes %.2f cores (machine has %d)%s; "
                            + "GC %.2f s in %d collections", wallSeconds, processCores, otherCores(), MachineFacts.cores(),
                    otherCores() > 0.3 ? " - OTHERS WERE BUSY, measure again" : "", gcSeconds, gcCount));
            out.add("  Java threads:");
            for (GroupCpu c : groups.subList(0, Math.min(top, groups.size()))) {
                out.add(String.format("    %5.2f cores  %7.1f s  %s%s", c.cores(), c.cpuSeconds(), c.group(),
                        c.threads() > 1 ? " (" + c.threads() + " threads)" : ""));
            }
            if (!osGroups.isEmpty()) {
                out.add("  all OS threads (/proc; also GC, JIT and native threads such as XGBoost's OpenMP workers, "
                        + "which carry the name of the Java thread that started them; names cut to 15 characters):");
                for (GroupCpu c : osGroups.subList(0, Math.min(top, osGroups.size()))) {
                    out.add(String.format("    %5.2f cores  %7.1f s  %s%s", c.cores(), c.cpuSeconds(), c.group(),
                            c.threads() > 1 ? " (" + c.threads() + " threads)" : ""));
                }
            }
            return out;
        }
    }

    public Window since(CpuSnapshot start) {
        double wall = (wallNanos - start.wallNanos) / 1e9;
        Map<String, double[]> byGroup = new HashMap<>();
        for (Map.Entry<Long, Long> e : threadCpu.entrySet()) {
            long before = start.threadCpu.getOrDefault(e.getKey(), 0L);
            double seconds = Math.max(0, e.getValue() - before) / 1e9;
            double[] acc = byGroup.computeIfAbsent(group(threadNames.get(e.getKey())), k -> new double[2]);
            acc[0] += seconds;
            acc[1]++;
        }
        List<GroupCpu> groups = new ArrayList<>();
        byGroup.forEach((g, acc) -> groups.add(new GroupCpu(g, (int) acc[1], acc[0], wall > 0 ? acc[0] / wall : 0)));
        groups.sort((a, b) -> Double.compare(b.cpuSeconds(), a.cpuSeconds()));
        double process = processCpuNanos >= 0 && start.processCpuNanos >= 0 && wall > 0
                ? (processCpuNanos - start.processCpuNanos) / 1e9 / wall : Double.NaN;
        Map<String, double[]> byComm = new HashMap<>();
        for (Map.Entry<String, Long> e : osTicks.entrySet()) {
            long before = start.osTicks.getOrDefault(e.getKey(), 0L);
            double seconds = Math.max(0, e.getValue() - before) / 100.0;
            double[] acc = byComm.computeIfAbsent(group(osNames.get(e.getKey())), k -> new double[2]);
            acc[0] += seconds;
            acc[1]++;
        }
        List<GroupCpu> os = new ArrayList<>();
        byComm.forEach((g, acc) -> {
            if (acc[0] > 0) {
                os.add(new GroupCpu(g, (int) acc[1], acc[0], wall > 0 ? acc[0] / wall : 0));
            }
        });
        os.sort((a, b) -> Double.compare(b.cpuSeconds(), a.cpuSeconds()));
        groups.removeIf(g -> g.cpuSeconds() <= 0);
        double machine = machineBusyTicks >= 0 && start.machineBusyTicks >= 0 && wall > 0
                ? (machineBusyTicks - start.machineBusyTicks) / 100.0 / wall : Double.NaN;
        return new Window(wall, process, machine, (gcMillis - start.gcMillis) / 1e3, gcCount - start.gcCount, groups, os);
    }
}

package io.hindsight.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/** What a figure needs beside it: the machine, the JVM and how busy the machine was (load average). */
public final class MachineFacts {
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private final String loadAtStart;
    private String loadAtEnd;

    private MachineFacts(String loadAtStart) {
        this.loadAtStart = loadAtStart;
    }

    /** Reads the load average now; call {@link #end()} when the measurement is over. */
    public static MachineFacts start() {
        return new MachineFacts(loadAverage());
    }

    public MachineFacts end() {
        loadAtEnd = loadAverage();
        return this;
    }

    /** The first three fields of /proc/loadavg (1, 5 and 15 minutes), or "n/a" where there is none. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** The 1-minute load average, NaN where unknown. */
    public static double oneMinuteLoad(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static String java() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    public String loadAtStart() {
        return loadAtStart;
    }

    public String loadAtEnd() {
        return loadAtEnd == null ? loadAverage() : loadAtEnd;
    }

    /** One line: cores, Java, Kafka client version, memory, load at start and end. */
    public String line() {
        return String.format("machine: %d cores, %s, Kafka %s, max heap %d MiB, load average %s at start, %s at end%s",
                cores(), java(), AppInfoParser.getVersion(), Runtime.getRuntime().maxMemory() >> 20, loadAtStart,
                loadAtEnd(), busyWarning());
    }

    /**
     * A warning when the 1-minute load was above 2.5 at the start: the figure should be measured again. (The load
     * at the end includes the benchmark itself; what other processes took during a measurement is in the CPU line.)
     */
    public String busyWarning() {
        double start = oneMinuteLoad(loadAtStart);
        return start > 2.5 ? String.format(" (BUSY: 1-minute load %.2f > 2.5 at the start, measure again when the machine is quieter)", start) : "";
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores());
        m.put("java", java());
        m.put("kafkaClient", AppInfoParser.getVersion());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("loadAverageStart", List.of(loadAtStart.split(" ")));
        m.put("loadAverageEnd", List.of(loadAtEnd().split(" ")));
        return m;
    }
}

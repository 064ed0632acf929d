package io.hindsight.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One role of the app (or the broker) in its own JVM, as a Deployment would run it; killable with SIGKILL. */
final class RoleProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private Process process;
    private int starts;

    RoleProcess(String bootstrap, String roles, Path dataDir, Path log, String... extra) {
        this(bootstrap, roles, 0, dataDir, log, extra);
    }

    /** @param httpPort fixed, so a restarted gateway answers where its clients look; 0 for any free port */
    RoleProcess(String bootstrap, String roles, int httpPort, Path dataDir, Path log, String... extra) {
        this(java(heapOf(roles), Main.class.getName(), "--bootstrap-servers", bootstrap, "--roles", roles,
                "--http-port", Integer.toString(httpPort), "--data-dir", dataDir.toString()), log, extra);
    }

    private RoleProcess(List<String> command, Path log, String... extra) {
        this.command = new ArrayList<>(command);
        this.command.addAll(List.of(extra));
        this.log = log;
    }

    /** The embedded KRaft broker alone ({@link BrokerMain}), on fixed ports and a data dir that outlive a kill. */
    static RoleProcess broker(Path dataDir, int port, int controllerPort, Path log) {
        return new RoleProcess(java("512m", BrokerMain.class.getName(), dataDir.toString(), Integer.toString(port),
                Integer.toString(controllerPort)), log);
    }

    /**
     * The trainer retrains digits' challenger on the 70,000 MNIST digits plus the live drawings (Tribuo examples
     * of 784 features, then an XGBoost matrix): 512 MB ran out there and the retrainer stopped. Its Deployment
     * gets more memory too; every other role fits in 512 MB.
     */
    private static String heapOf(String roles) {
        return roles.contains("trainer") ? "2g" : "512m";
    }

    private static List<String> java(String heap, String mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> c = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), mainClass));
        c.addAll(List.of(args));
        return c;
    }

    RoleProcess start() {
        try {
            File out = log.resolveSibling(log.getFileName() + "." + (starts++)).toFile();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: no shutdown hook, no clean close, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times this process was started (1 + restarts). */
    int starts() {
        return starts;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

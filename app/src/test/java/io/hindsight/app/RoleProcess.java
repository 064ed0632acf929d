package io.hindsight.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One role of the app in its own JVM, as a Deployment would run it; killable with SIGKILL. */
final class RoleProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private Process process;
    private int starts;

    RoleProcess(String bootstrap, String roles, Path dataDir, Path log, String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--bootstrap-servers", bootstrap, "--roles", roles,
                "--http-port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        this.log = log;
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

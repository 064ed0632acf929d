package io.hindsight.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Node script of {@code src/test/playwright} (playwright-core driving Debian's headless Chromium). Needs
 * {@code node}, {@code npm} (to install playwright-core from its package-lock the first time) and Chromium at
 * {@code /usr/bin/chromium} or {@code CHROMIUM_PATH}. When one is missing the test fails if the environment
 * variable CI is set, and is skipped with the reason otherwise.
 */
public final class BrowserScript {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    /** The gateway's scripts, also when another module (the app's full-system test) runs them. */
    public static final Path DIR = Files.isDirectory(BASE.resolve("src/test/playwright")) ? BASE.resolve("src/test/playwright")
            : BASE.resolve("../gateway/src/test/playwright").normalize();
    public static final Path OUT = BASE.resolve("target/playwright");

    private BrowserScript() {
    }

    public record Result(int exit, String output) {
    }

    /** Checks (and installs) what the scripts need, or fails / skips the calling test. */
    public static void requireTools() throws Exception {
        List<String> missing = new ArrayList<>();
        if (run(DIR, 30, "node", "--version").exit() != 0) {
            missing.add("node (apt-get install nodejs)");
        }
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            missing.add("Chromium at " + chromium + " (apt-get install chromium, or set CHROMIUM_PATH)");
        }
        if (missing.isEmpty() && !Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            Result npm = run(DIR, 300, "npm", "ci", "--no-audit", "--no-fund");
            if (npm.exit() != 0) {
                missing.add("playwright-core: `npm ci` in " + DIR + " failed: " + npm.output());
            }
        }
        if (!missing.isEmpty()) {
            String message = "the browser test needs " + String.join(", ", missing);
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.abort(message + " (skipped: CI is not set)");
        }
    }

    /** node <script> <args...> in the playwright folder, output kept in target/playwright/<script>.log. */
    public static Result node(String script, long timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Result r = run(DIR, timeoutSeconds, command.toArray(String[]::new));
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve(script.replaceAll("\\.\\w+$", "") + ".log"), r.output());
        return r;
    }

    private static Result run(Path dir, long timeoutSeconds, String... command) throws Exception {
        Files.createDirectories(OUT);
        Path log = Files.createTempFile(OUT, "run-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command[0] + " could not run: " + e.getMessage());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

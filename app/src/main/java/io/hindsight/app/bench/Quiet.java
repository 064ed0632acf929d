package io.hindsight.app.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The broker and the roles log at INFO to stdout; during a benchmark only errors are shown (unless
 * --verbose), so the result table and the JSON stay readable.
 */
final class Quiet {
    private Quiet() {
    }

    static void apply(boolean verbose) {
        if (verbose || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger l : context.getLoggerList()) {
            if (l.getLevel() != null && l.getLevel().isGreaterOrEqual(Level.ERROR)) {
                continue; // OFF or ERROR already
            }
            if (l.getLevel() != null || Logger.ROOT_LOGGER_NAME.equals(l.getName())) {
                l.setLevel(Level.ERROR);
            }
        }
    }
}

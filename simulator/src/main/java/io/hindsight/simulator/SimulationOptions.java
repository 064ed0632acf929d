package io.hindsight.simulator;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every {@code simulate <task>} command shares, as a picocli mixin: where records go, how fast,
 * when to stop, the ground truth that follows, ids, and reporting. {@code ${COMMAND-NAME}} in a description is
 * the task.
 */
final class SimulationOptions {

    /** Where records go. */
    enum TargetKind { HTTP, KAFKA }

    /** How ids look. */
    enum IdStyle { TEXT, NUMBER }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "http", converter = Enums.TargetConverter.class, paramLabel = "http|kafka",
            description = "Send over HTTP, or produce JSON straight onto ${COMMAND-NAME}.requests / ${COMMAND-NAME}.feedback (default: ${DEFAULT-VALUE}).")
    TargetKind targetKind;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080", description = "HTTP base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--client", defaultValue = "socket", converter = Enums.ClientConverter.class, paramLabel = "socket|jdk",
            description = "HTTP client: socket (light HTTP/1.1 keep-alive, http only) or jdk (java.net.http, also https) (default: ${DEFAULT-VALUE}).")
    HttpTransport.Kind client;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers for --target kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "20", description = "Records per second during a burst (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", paramLabel = "D", defaultValue = "5s", converter = Durations.Converter.class,
            description = "Length of a burst (default: ${DEFAULT-VALUE}).")
    Duration burst;

    @Option(names = "--idle", paramLabel = "D", defaultValue = "25s", converter = Durations.Converter.class,
            description = "Pause between bursts; 0 for a steady stream (default: ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--feedback-delay", paramLabel = "D", defaultValue = "5m", converter = Durations.Converter.class,
            description = "Ground truth for an answered record is sent this long after the answer (default: ${DEFAULT-VALUE}).")
    Duration feedbackDelay;

    @Option(names = "--feedback-share", paramLabel = "SHARE", defaultValue = "1.0",
            description = "Share of answered records that get feedback, 0..1 (default: ${DEFAULT-VALUE}).")
    double feedbackShare;

    @Option(names = "--drain-feedback", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "When sending ends, wait for the feedback still pending (default: ${DEFAULT-VALUE}). Ctrl-C drops it.")
    boolean drainFeedback;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N records (default: no limit).")
    Long count;

    @Option(names = "--duration", paramLabel = "D", converter = Durations.Converter.class,
            description = "Stop sending after D; in load mode, measure for D after the warm-up (default: no limit).")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Load mode: N workers in a closed loop, no bursts, no feedback.")
    Integer concurrency;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "0s", converter = Durations.Converter.class,
            description = "Load mode: send for this long before measuring (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "64",
            description = "Stream mode: the most records awaiting an answer at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = Durations.Converter.class,
            description = "Per request: connect, answer, or Kafka acknowledgement (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--ids", converter = Enums.IdStyleConverter.class, paramLabel = "text|number",
            description = "text: <prefix><n>; number: <start>+n, for servers that take integer ids only like the seed-004 peer"
                    + " (default: text; number with calories --routes seed).")
    IdStyle idStyle;

    @Option(names = "--id-prefix", paramLabel = "TEXT",
            description = "Prefix of text ids (default: a fresh run id such as rmhx3k2a1q7-).")
    String idPrefix;

    @Option(names = "--id-start", paramLabel = "N",
            description = "First number id (default: the run's start in epoch seconds x 10^9).")
    Long idStart;

    @Option(names = "--progress", defaultValue = "auto", converter = Enums.ProgressConverter.class, paramLabel = "auto|tty|lines|off",
            description = "Progress on stderr: rewritten line on a terminal, a line every 5 s otherwise (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Also write the final summary as JSON here.")
    Path summaryJson;

    /** Load mode rather than stream mode. */
    boolean isLoad() {
        return concurrency != null;
    }

    /** Whether the run sends ground truth at all. */
    boolean sendsFeedback() {
        return !isLoad() && feedbackShare > 0;
    }

    /**
     * Refuses bad combinations with a {@link ParameterException} (exit code 2) and settles the defaults that
     * depend on other options.
     *
     * @param numberIds whether ids are numbers unless --ids says otherwise (servers that take integer ids only)
     */
    void validate(boolean numberIds) {
        CommandLine cl = spec.commandLine();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ParameterException(cl, "--rate must be > 0");
        }
        if (burst.isZero() && !idle.isZero()) {
            throw new ParameterException(cl, "--burst must be > 0 when --idle is > 0");
        }
        if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
            throw new ParameterException(cl, "--feedback-share must be between 0 and 1");
        }
        if (count != null && count <= 0) {
            throw new ParameterException(cl, "--count must be > 0");
        }
        if (duration != null && duration.isZero()) {
            throw new ParameterException(cl, "--duration must be > 0");
        }
        if (concurrency != null && (concurrency < 1 || concurrency > 10_000)) {
            throw new ParameterException(cl, "--concurrency must be between 1 and 10000");
        }
        if (maxInFlight < 1) {
            throw new ParameterException(cl, "--max-in-flight must be >= 1");
        }
        if (timeout.isZero()) {
            throw new ParameterException(cl, "--timeout must be > 0");
        }
        if (targetKind == TargetKind.HTTP) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || url.getHost() == null) {
                throw new ParameterException(cl, "--url must be an http(s) URL such as http://localhost:8080, got " + url);
            }
        }
        if (idStyle == null) {
            idStyle = numberIds ? IdStyle.NUMBER : IdStyle.TEXT;
        }
        if (idStyle == IdStyle.NUMBER && idPrefix != null) {
            throw new ParameterException(cl, "--id-prefix is for text ids; number ids take --id-start");
        }
        if (idStyle == IdStyle.TEXT && idStart != null) {
            throw new ParameterException(cl, "--id-start is for number ids (--ids number)");
        }
        if (idPrefix != null && (idPrefix.length() > 100)) {
            throw new ParameterException(cl, "--id-prefix must be at most 100 characters (ids are at most 128)");
        }
        if (idStart != null && idStart < 0) {
            throw new ParameterException(cl, "--id-start must be >= 0");
        }
    }

    RunIds ids(Instant now) {
        if (idStyle == IdStyle.NUMBER) {
            return RunIds.number(idStart != null ? idStart : RunIds.defaultNumberStart(now));
        }
        return RunIds.text(idPrefix != null ? idPrefix : RunIds.newRunPrefix(now));
    }

    Target openTarget(Task task, Routes routes, RunIds ids) {
        if (targetKind == TargetKind.KAFKA) {
            return KafkaTarget.create(bootstrapServers, Topics.of(task), timeout, "hindsight-simulator-" + ids.key(0));
        }
        return new HttpTarget(HttpTransport.create(client, url, timeout), url, routes, task);
    }

    /** "; stop after 100 records or 30s", or "; until Ctrl-C". */
    String stopRule() {
        StringBuilder sb = new StringBuilder();
        if (count != null) {
            sb.append("; stop after ").append(count).append(" records");
        }
        if (duration != null) {
            sb.append(count != null ? " or " : "; stop after ").append(Durations.format(duration));
        }
        if (sb.length() == 0) {
            sb.append("; until Ctrl-C");
        }
        return sb.toString();
    }
}

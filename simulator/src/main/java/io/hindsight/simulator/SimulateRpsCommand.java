package io.hindsight.simulator;

import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight simulate rps}: scripted players play whole games of rock-paper-scissors against the bot,
 * over HTTP, the WebSocket or Kafka, and check the bot plays fair: every revealed move must open the
 * commitment shown before the player moved, and every score must add up. With {@code --legacy} the legacy
 * rule-based bots RPS Quest ran against its models for telemetry join the roster.
 */
@Command(name = "rps", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Plays rock-paper-scissors games to 10 points against Hindsight's bot as",
            "scripted players, --parallel games at a time, and checks every round: the",
            "bot's revealed move must open the commitment shown before the player moved,",
            "and the scores must add up. Prints per player: games, wins, the bot's win",
            "rate, rounds per game, move latency, commitment checks and errors.",
            ""},
        footer = {"", "Players: random, cycler, biased-rock, win-stay-lose-shift, beat-last;",
            "legacy (--legacy): frequency-counter, markov-1, mirror.",
            "Durations: 250ms, 30s, 5m, 1h30m, 1.5s or ISO-8601 (PT5M).",
            "Exit codes: 0 games finished and all fair, 1 no game finished, 2 bad options,",
            "3 a commitment failed or a score did not add up."})
public final class SimulateRpsCommand implements Callable<Integer> {
    /** Exit code when the bot was caught not playing fair (or scoring wrongly). */
    public static final int UNFAIR = 3;

    /** How the simulator reaches the game. */
    enum Via { HTTP, WS, KAFKA }

    @Spec
    CommandSpec spec;

    @Option(names = "--players", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Scripted players to play as (default: random, cycler, biased-rock, win-stay-lose-shift, beat-last).")
    List<String> players;

    @Option(names = "--legacy", description = "Also play the legacy rule-based bots: frequency-counter, markov-1, mirror.")
    boolean legacy;

    @Option(names = "--games", paramLabel = "N", defaultValue = "20", description = "Games per player (default: ${DEFAULT-VALUE}).")
    int games;

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "4", description = "Games played at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--via", defaultValue = "http", converter = Enums.ViaConverter.class, paramLabel = "http|ws|kafka",
            description = "HTTP API, the WebSocket /v1/rps/live, or rps.moves -> rps.games on Kafka (default: ${DEFAULT-VALUE}).")
    Via via;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Gateway base URL for --via http and ws (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--client", defaultValue = "socket", converter = Enums.ClientConverter.class, paramLabel = "socket|jdk",
            description = "HTTP client for --via http: socket (light, http only) or jdk (also https) (default: ${DEFAULT-VALUE}).")
    HttpTransport.Kind client;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers for --via kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--id-prefix", paramLabel = "TEXT",
            description = "--via kafka: game ids are <prefix><n> (default: a fresh run id such as rmhx3k2a1q7-).")
    String idPrefix;

    @Option(names = "--easy", description = "Easy mode: the bot ignores its model half the time.")
    boolean easy;

    @Option(names = "--family", paramLabel = "forrest|logan|brian",
            description = "Play this model family (default: the one the game id picks).")
    String family;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
            description = "Seed of the players' random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = Durations.Converter.class,
            description = "Per call: a start or a move until its round resolved (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--progress", defaultValue = "auto", converter = Enums.ProgressConverter.class, paramLabel = "auto|tty|lines|off",
            description = "Progress on stderr: rewritten line on a terminal, a line every 5 s otherwise (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Also write the final summary as JSON here.")
    Path summaryJson;

    @Override
    public Integer call() throws Exception {
        List<ScriptedPlayer> roster = validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            stop.abandon();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-ctrl-c");
        RpsClient opened;
        try {
            opened = openClient();
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            err.println("simulate rps: cannot play on Kafka at " + bootstrapServers + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (RpsClient game = opened) {
            err.printf("simulate rps: %s, %d games each, %d at a time -> %s%n",
                    String.join(", ", roster.stream().map(ScriptedPlayer::name).toList()), games, parallel, game.describe());
            err.flush();
            RpsRun run = new RpsRun(game, roster, new RpsRun.Settings(games, parallel, easy, family, seed), err);
            RpsSummary summary = run.run(stop, progress);
            summary.print(out);
            if (summaryJson != null) {
                summary.writeJson(summaryJson);
            }
            if (!summary.fair()) {
                return UNFAIR;
            }
            return summary.total().finished() > 0 ? 0 : 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private RpsClient openClient() {
        return switch (via) {
            case HTTP -> new HttpRpsClient(HttpTransport.create(client, url, timeout), url);
            case WS -> new WebSocketRpsClient(url, timeout);
            case KAFKA -> KafkaRpsClient.create(bootstrapServers, timeout,
                    RunIds.text(idPrefix != null ? idPrefix : RunIds.newRunPrefix(Instant.now())));
        };
    }

    /** Refuses bad options with a {@link ParameterException} (exit code 2); returns the roster. */
    List<ScriptedPlayer> validate() {
        CommandLine cl = spec.commandLine();
        if (games < 1) {
            throw new ParameterException(cl, "--games must be >= 1");
        }
        if (parallel < 1 || parallel > 1_000) {
            throw new ParameterException(cl, "--parallel must be between 1 and 1000");
        }
        if (timeout.isZero()) {
            throw new ParameterException(cl, "--timeout must be > 0");
        }
        if (family != null && !RpsRules.isFamily(family)) {
            throw new ParameterException(cl, "--family must be one of " + RpsRules.FAMILIES + ", got '" + family + "'");
        }
        if (via != Via.KAFKA) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || url.getHost() == null) {
                throw new ParameterException(cl, "--url must be an http(s) URL such as http://localhost:8080, got " + url);
            }
        }
        if (idPrefix != null && !idPrefix.matches("[A-Za-z0-9._-]{1,50}")) {
            throw new ParameterException(cl, "--id-prefix must be 1-50 of A-Z a-z 0-9 . _ - (game ids are at most 64)");
        }
        return roster(cl);
    }

    private List<ScriptedPlayer> roster(CommandLine cl) {
        Map<String, ScriptedPlayer> roster = new LinkedHashMap<>();
        List<String> names = players == null ? ScriptedPlayer.ALL.stream().map(ScriptedPlayer::name).toList() : players;
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                ScriptedPlayer p = LegacyPlayers.byName(name);
                roster.putIfAbsent(p.name(), p);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "--players: " + e.getMessage());
            }
        }
        if (legacy) {
            LegacyPlayers.ALL.forEach(p -> roster.putIfAbsent(p.name(), p));
        }
        if (roster.isEmpty()) {
            throw new ParameterException(cl, "--players names no player");
        }
        return new ArrayList<>(roster.values());
    }
}

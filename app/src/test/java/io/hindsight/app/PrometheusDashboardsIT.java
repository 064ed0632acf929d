package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.gateway.models.TestOnnx;
import io.hindsight.trainer.retrain.RetrainPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards against a real Prometheus: every role of Hindsight in this JVM on an embedded broker,
 * Debian's {@code /usr/bin/prometheus} scraping its /metrics every second, calories and digits traffic with
 * feedback (and a few 4xx and a dead letter) running in the background, rps games over HTTP from the start (the
 * first ones against the counted fallback while the twelve rps models train, then against the models, with the
 * promotion role evaluating them; the retraining counter is there at zero, since a challenger is retrained only
 * after the promotion role has judged it, which takes more games than this test plays),
 * drift and rolling windows of seconds, then every PromQL expression of
 * {@code grafana/dashboards/*.json} (panel targets and template-variable queries, with the variables as regex
 * {@code .*}, {@code $__rate_interval} as 1m and {@code $__range} as 5m) evaluated through Prometheus' HTTP API.
 * Each must return at least one series with a number. Without {@code /usr/bin/prometheus} (Debian package
 * {@code prometheus}; {@code PROMETHEUS_PATH} overrides) the test fails when the environment variable CI is set
 * and is skipped otherwise.
 */
class PrometheusDashboardsIT {
    private static final Logger log = LoggerFactory.getLogger(PrometheusDashboardsIT.class);
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    static final Path GRAFANA = BASE.resolve("../grafana").normalize();
    static final Path OUT = BASE.resolve("target/prometheus-it");
    private static final String ADMIN_TOKEN = "prometheus-it-token-0123";
    private static final String DS_VARIABLE = "${DS_PROMETHEUS}";
    private static final String DS_UID = "hindsight-prometheus";
    private static final Set<String> BUILTINS = Set.of("__rate_interval", "__range", "__interval", "__url_time_range");
    private static final String CALORIES =
            "{\"id\":\"%s\",\"Sex\":\"%s\",\"Age\":%d,\"Height\":%d,\"Weight\":%d,\"Duration\":%d,\"Heart_Rate\":%d,\"Body_Temp\":%.1f}";

    /**
     * Drift windows (grace 1 s) and the joiner's and CBPE's rolling windows (every 2 s, grace 2 s) short enough to
     * close while the test runs: stream time moves on with the traffic, which continues past window end + grace.
     * About 30 calories requests per drift window, below the 50 a window needs to be flagged: reported, not drifted.
     */
    private static final Duration DRIFT_WINDOW = Duration.ofSeconds(5);
    private static final Duration ROLLING_WINDOW = Duration.ofSeconds(10);
    /** The retraining policy: small, though a B is replaced only once judged (not within this test). */
    static final long RETRAIN_EVERY_ROUNDS = 300;
    private static final List<String> FAMILIES = List.of("forrest", "logan", "brian");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Hindsight app;
    private static String base;
    private static Process prometheus;
    private static String prometheusUrl;
    private static Thread traffic;
    private static Thread rpsTraffic;
    private static final AtomicInteger rpsGames = new AtomicInteger();
    private static volatile boolean trafficRunning;
    private static final AtomicInteger trafficErrors = new AtomicInteger();
    private static final AtomicInteger sent = new AtomicInteger();

    /** One expression of a dashboard: where it is and what it says. */
    record Expression(String dashboard, String panel, String ref, String expr) {
        String where() {
            return dashboard + " / " + panel + " / " + ref;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path binary = Path.of(System.getenv().getOrDefault("PROMETHEUS_PATH", "/usr/bin/prometheus"));
        if (!Files.isExecutable(binary)) {
            String message = "the dashboards test needs Prometheus at " + binary + " (apt-get install prometheus, or set PROMETHEUS_PATH)";
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.abort(message + " (skipped: CI is not set)");
        }
        Files.createDirectories(OUT);
        long t0 = System.nanoTime();
        Settings test = Settings.forTest(Files.createTempDirectory("hindsight-prometheus-"), EmbeddedKafka.freePort(),
                DigitsFirstStartMode.OFF).withAdminToken(ADMIN_TOKEN).withDriftWindow(DRIFT_WINDOW)
                .withRollingWindow(ROLLING_WINDOW).withRpsFirstStart(true);
        Settings settings = new Settings(test.dataDir(), test.httpPort(), test.kafkaPort(), test.bootstrapServers(),
                test.roles(), test.horizon(), test.replicationFactor(), test.trainRows(), test.predictorWorkers(),
                test.digitsFirstStart(), test.adminToken(), test.driftWindow(), test.rollingWindow(), test.rpsFirstStart(),
                new RetrainPolicy(RETRAIN_EVERY_ROUNDS, Duration.ofHours(1)));
        app = new Hindsight(settings, BuildInfo.load());
        app.start();
        base = "http://127.0.0.1:" + app.httpPort();
        await().atMost(Duration.ofSeconds(120)).until(() -> get(base + "/readyz").statusCode() == 200);
        log.info("hindsight ready in {} ms", ms(t0));

        // rps at once: while the first start trains the twelve models, games are played by the counted fallback
        trafficRunning = true;
        rpsTraffic = new Thread(PrometheusDashboardsIT::playRps, "prometheus-it-rps");
        rpsTraffic.setDaemon(true);
        rpsTraffic.start();

        prometheus = startPrometheus(binary, "127.0.0.1:" + app.httpPort());
        uploadDigitsModels();
        log.info("digits models uploaded at {} ms", ms(t0));

        traffic = new Thread(PrometheusDashboardsIT::driveTraffic, "prometheus-it-traffic");
        traffic.setDaemon(true);
        traffic.start();

        // Enough for every panel: the rolling gauges of both tasks, digits' confusion counts, 4xx answers, and
        // at least 20 scrapes since the traffic began, so rate() over 1m has samples on both sides; a closed drift
        // window of calories (digits' uploaded models have no reference) and a closed CBPE window of digits. rps:
        // games won by a served model, points per round, the fallback counted by the predictor and the joiner, a
        // promotion evaluation (the first is a minute after start) and the retraining counter, each scraped twice.
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() ->
                hasData("hindsight_rolling_rmsle") && hasData("hindsight_rolling_accuracy")
                        && hasData("hindsight_drift_psi{task=\"calories\"} >= 0") && hasData("hindsight_drift_ks >= 0")
                        && hasData("hindsight_estimated_accuracy{task=\"digits\"} >= 0")
                        && hasData("hindsight_joiner_confusion_total") && hasData("hindsight_http_requests_total{status=~\"4..\"}")
                        && hasData("hindsight_dlq_total > 0")
                        && hasData("count_over_time(hindsight_scored_total{task=\"digits\"}[1m]) >= 20")
                        && hasData("hindsight_rolling_game_win_rate >= 0") && hasData("hindsight_rolling_points_per_round")
                        && hasData("hindsight_predictor_fallback_total{task=\"rps\"}") && hasData("hindsight_joiner_fallback_total")
                        && hasData("count_over_time(hindsight_promotion_evaluations_total{task=\"rps\"}[1m]) >= 2")
                        && hasData("count_over_time(hindsight_trainer_retrained_total[1m]) >= 2"));
        log.info("prometheus has the data at {} ms ({} requests sent, {} rps games)", ms(t0), sent.get(), rpsGames.get());
    }

    @AfterAll
    static void stop() throws Exception {
        trafficRunning = false;
        if (traffic != null) {
            traffic.join(10_000);
        }
        if (rpsTraffic != null) {
            rpsTraffic.join(10_000);
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyPromqlExpressionOfTheDashboardsReturnsDataFromARealPrometheus() throws Exception {
        List<Expression> all = expressions();
        assertThat(all).hasSizeGreaterThan(20);
        Map<Expression, String> failing = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Expression> todo = all;
        while (true) {
            failing.clear();
            for (Expression e : todo) {
                String problem = evaluate(e);
                if (problem != null) {
                    failing.put(e, problem);
                }
            }
            if (failing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            todo = new ArrayList<>(failing.keySet()); // a series born late may need a few more scrapes
            Thread.sleep(2000);
        }
        StringBuilder report = new StringBuilder();
        failing.forEach((e, problem) -> report.append("\n  ").append(e.where()).append(": ").append(problem)
                .append("\n      ").append(substitute(e.expr())));
        log.info("{} PromQL expressions evaluated, {} returned data; traffic: {} requests, {} unexpected answers",
                all.size(), all.size() - failing.size(), sent.get(), trafficErrors.get());
        Files.writeString(OUT.resolve("expressions.txt"), String.join("\n", all.stream()
                .map(e -> e.where() + "\n    " + substitute(e.expr())).toList()) + "\n");
        if (!failing.isEmpty()) {
            fail(failing.size() + " of " + all.size() + " dashboard expressions returned no data:" + report);
        }
    }

    @Test
    void theDashboardsUseTheProvisionedDatasourceThroughOneVariableAndOnlyRegexMatchVariables() throws Exception {
        String datasources = Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        assertThat(datasources).contains("url: http://prometheus:9090").contains("uid: " + DS_UID).contains("type: prometheus");
        assertThat(Files.readString(GRAFANA.resolve("provisioning/dashboards/hindsight.yml")))
                .contains("path: /var/lib/grafana/dashboards").contains("type: file");
        Set<String> uids = new TreeSet<>();
        for (Path file : dashboards()) {
            JsonNode d = Json.tree(Files.readAllBytes(file));
            String name = file.getFileName().toString();
            assertThat(uids.add(d.get("uid").asString())).as(name + ": uid unique").isTrue();
            Map<String, JsonNode> vars = new LinkedHashMap<>();
            for (JsonNode v : d.get("templating").get("list")) {
                vars.put(v.get("name").asString(), v);
            }
            assertThat(vars.get("DS_PROMETHEUS").get("type").asString()).isEqualTo("datasource");
            assertThat(vars.get("DS_PROMETHEUS").get("query").asString()).isEqualTo("prometheus");
            assertThat(vars.get("DS_PROMETHEUS").get("current").get("value").asString()).isEqualTo(DS_UID);
            assertThat(vars).as(name + ": a task variable").containsKey("task");
            if (name.equals("models.json")) {
                assertThat(vars).as("models: an alias variable").containsKey("alias");
            }
            Set<Integer> ids = new LinkedHashSet<>();
            for (JsonNode panel : panels(d)) {
                String title = name + " / " + panel.get("title").asString();
                assertThat(ids.add(panel.get("id").asInt())).as(title + ": panel id unique").isTrue();
                JsonNode pos = panel.get("gridPos");
                assertThat(pos.get("x").asInt() + pos.get("w").asInt()).as(title + ": fits 24 columns").isLessThanOrEqualTo(24);
                String type = panel.get("type").asString();
                if (type.equals("row") || type.equals("text")) {
                    continue;
                }
                assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo(DS_VARIABLE);
                assertThat(panel.get("targets").size()).as(title + ": has a query").isPositive();
                for (JsonNode t : panel.get("targets")) {
                    assertThat(t.get("datasource").get("uid").asString()).as(title).isEqualTo(DS_VARIABLE);
                }
            }
            for (Expression e : expressions(file)) {
                Matcher m = Pattern.compile("\\$\\{?(\\w+)").matcher(e.expr());
                while (m.find()) {
                    String var = m.group(1);
                    if (BUILTINS.contains(var)) {
                        continue;
                    }
                    assertThat(vars).as(e.where() + ": $" + var + " is defined").containsKey(var);
                    assertThat(e.expr()).as(e.where() + ": $" + var + " is only used as a regex match (All is .*)")
                            .doesNotContain("=\"$" + var + "\"").doesNotContain("!=\"$" + var + "\"");
                }
            }
        }
        assertThat(uids).containsExactly("hindsight-models", "hindsight-rps", "hindsight-service");
    }

    @Test
    void theRpsDashboardHasEveryRpsAndPromotionMetric() throws Exception {
        String all = String.join("\n", expressions(GRAFANA.resolve("dashboards/rps.json")).stream().map(Expression::expr).toList());
        for (String metric : List.of("hindsight_rps_games_started_total", "hindsight_rps_games_finished_total",
                "hindsight_rps_bot_moves_total", "hindsight_rps_commands_rejected_total", "hindsight_rps_duplicates_total",
                "hindsight_rps_predictions_ignored_total", "hindsight_predictor_fallback_total", "hindsight_rps_games_total",
                "hindsight_rps_points_sum", "hindsight_rps_points_count", "hindsight_rolling_game_win_rate",
                "hindsight_rolling_points_per_round", "hindsight_rolling_accuracy", "hindsight_classified_total",
                "hindsight_promotion_evaluations_total", "hindsight_trainer_retrained_total",
                "hindsight_gateway_rps_games_started_total", "hindsight_gateway_rps_waits_timedout_total")) {
            assertThat(Pattern.compile("\\b" + metric + "[{\\[]").matcher(all).find()).as("rps.json reads " + metric).isTrue();
        }
        // every metric the dashboard reads is on /metrics under that name (a misspelt one would only show "No data")
        String scrape = get(base + "/metrics").body();
        Matcher m = Pattern.compile("\\b(hindsight_[a-z_]+)[{\\[]").matcher(all);
        while (m.find()) {
            assertThat(Pattern.compile("(?m)^" + m.group(1) + "[{ ]").matcher(scrape).find())
                    .as(m.group(1) + " on /metrics").isTrue();
        }
    }

    @Test
    void theBuiltInDashboardDrawsFromTheSameMetricsRolling() throws Exception {
        assertThat(get(base + "/dashboard").statusCode()).isEqualTo(200);
        assertThat(get(base + "/dashboard").body()).contains("data-tasks=\"calories digits rps\"")
                .contains("data-drift-tasks=\"calories digits\"");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode v = Json.tree(get(base + "/v1/metrics/rolling?task=rps").body().getBytes(StandardCharsets.UTF_8));
            assertThat(v.get("kind").asString()).isEqualTo("game");
            Set<String> families = new TreeSet<>();
            boolean won = false;
            for (JsonNode x : v.get("series")) {
                families.add(x.get("family").asString());
                assertThat(x.get("points").has("pointsPerRound")).isTrue();
                won |= x.get("latest").path("winRate").isNumber();
            }
            assertThat(families).containsExactlyElementsOf(new TreeSet<>(FAMILIES));
            assertThat(won).as("a served alias with a finished game in its window").isTrue();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode v = Json.tree(get(base + "/v1/metrics/drift?task=calories").body().getBytes(StandardCharsets.UTF_8));
            assertThat(v.get("features").size()).isEqualTo(7);
            JsonNode first = v.get("features").get(0);
            assertThat(first.get("feature").asString()).isEqualTo("Sex");
            assertThat(first.get("latest").get("count").asLong()).isPositive();
            assertThat(first.get("points").get("t").size()).isPositive();
        });
        JsonNode ledger = Json.tree(get(base + "/v1/promotions?task=rps&limit=5").body().getBytes(StandardCharsets.UTF_8));
        assertThat(ledger.get("decisions").size()).isPositive();
        assertThat(ledger.get("decisions").get(0).get("evidence").size()).isGreaterThanOrEqualTo(2);
        for (String task : List.of("calories", "digits")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode v = Json.tree(get(base + "/v1/metrics/rolling?task=" + task).body().getBytes(StandardCharsets.UTF_8));
                assertThat(v.get("series").size()).as(task + " series").isPositive();
                JsonNode first = v.get("series").get(0);
                assertThat(first.get("alias").asString()).isEqualTo("Production");
                assertThat(first.get("latest").get("matched").asLong()).isPositive();
                assertThat(first.get("points").get("t").size()).isPositive();
                assertThat(first.get("latest").get(task.equals("calories") ? "rmsle" : "accuracy").isNumber()).isTrue();
            });
        }
    }

    // ---- the dashboards' expressions ----

    static List<Path> dashboards() throws IOException {
        try (var files = Files.list(GRAFANA.resolve("dashboards"))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(all).as("grafana/dashboards/*.json").isNotEmpty();
            return all;
        }
    }

    static List<Expression> expressions() throws IOException {
        List<Expression> all = new ArrayList<>();
        for (Path file : dashboards()) {
            all.addAll(expressions(file));
        }
        return all;
    }

    /** Every panel target's expr, and each query variable's label_values(...) as the series it reads. */
    static List<Expression> expressions(Path file) throws IOException {
        JsonNode d = Json.tree(Files.readAllBytes(file));
        String name = file.getFileName().toString();
        List<Expression> out = new ArrayList<>();
        for (JsonNode panel : panels(d)) {
            JsonNode targets = panel.get("targets");
            if (targets == null) {
                continue;
            }
            for (JsonNode t : targets) {
                if (t.hasNonNull("expr") && !t.get("expr").asString().isBlank()) {
                    out.add(new Expression(name, panel.get("title").asString(), t.get("refId").asString(), t.get("expr").asString()));
                }
            }
        }
        Pattern labelValues = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$");
        for (JsonNode v : d.get("templating").get("list")) {
            if (!v.get("type").asString().equals("query")) {
                continue;
            }
            JsonNode q = v.get("query");
            String query = q.isObject() ? q.get("query").asString() : q.asString();
            Matcher m = labelValues.matcher(query);
            assertThat(m.matches()).as(name + " variable " + v.get("name").asString() + ": label_values(selector, label)").isTrue();
            out.add(new Expression(name, "variable $" + v.get("name").asString(), "query",
                    "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
        }
        return out;
    }

    /** The panels, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.get("panels")) {
            out.add(p);
            if (p.has("panels")) {
                p.get("panels").forEach(out::add);
            }
        }
        return out;
    }

    /** Grafana's variables as a Prometheus-only client must write them: All is .*, the intervals fixed. */
    static String substitute(String expr) {
        String s = expr.replace("${__rate_interval}", "1m").replace("$__rate_interval", "1m")
                .replace("${__range}", "5m").replace("$__range", "5m")
                .replace("${__interval}", "15s").replace("$__interval", "15s")
                .replaceAll("\\$\\{\\w+(:\\w+)?}", ".*").replaceAll("\\$\\w+", ".*");
        assertThat(s).as("no variable left in " + s).doesNotContain("$");
        return s;
    }

    /** Null when the expression returns a series (or scalar) with a number, else what was wrong. */
    static String evaluate(Expression e) throws Exception {
        HttpResponse<String> r = query(substitute(e.expr()));
        JsonNode body = Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
        if (r.statusCode() != 200 || !"success".equals(body.get("status").asString())) {
            return "HTTP " + r.statusCode() + " " + body.path("errorType").asString("") + ": " + body.path("error").asString("");
        }
        JsonNode data = body.get("data");
        JsonNode result = data.get("result");
        if (data.get("resultType").asString().equals("scalar")) {
            return isNumber(result.get(1).asString()) ? null : "a scalar NaN";
        }
        if (result.isEmpty()) {
            return "empty result";
        }
        for (JsonNode series : result) {
            JsonNode value = series.get("value");
            if (value != null && isNumber(value.get(1).asString())) {
                return null;
            }
        }
        return result.size() + " series, every value NaN";
    }

    private static boolean isNumber(String v) {
        return !v.equals("NaN") && !v.endsWith("Inf");
    }

    private static boolean hasData(String promql) throws Exception {
        JsonNode body = Json.tree(query(promql).body().getBytes(StandardCharsets.UTF_8));
        return "success".equals(body.get("status").asString()) && !body.get("data").get("result").isEmpty();
    }

    private static HttpResponse<String> query(String promql) throws Exception {
        return get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    // ---- Prometheus ----

    private static Process startPrometheus(Path binary, String target) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("hindsight-prometheus-tsdb-");
        Path config = OUT.resolve("prometheus.yml");
        try (InputStream in = PrometheusDashboardsIT.class.getResourceAsStream("/prometheus/prometheus-it.yml")) {
            Files.writeString(config, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("TARGET", target));
        }
        prometheusUrl = "http://127.0.0.1:" + port;
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config.toAbsolutePath(),
                "--storage.tsdb.path=" + dir.toAbsolutePath(), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(OUT.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                fail("prometheus exited with " + p.exitValue() + ": " + Files.readString(OUT.resolve("prometheus.log")));
            }
            try {
                return get(prometheusUrl + "/-/ready").statusCode() == 200 && hasData("up{job=\"hindsight\"} == 1");
            } catch (IOException e) {
                return false;
            }
        });
        log.info("prometheus {} scrapes {} every second", prometheusUrl, target);
        return p;
    }

    // ---- the app and its traffic ----

    /** Two digits models through the admin upload (no training: seconds instead of a minute). */
    private static void uploadDigitsModels() throws Exception {
        for (Map.Entry<String, byte[]> m : Map.of("Production", TestOnnx.valid(), "B", TestOnnx.logits()).entrySet()) {
            String family = m.getKey().equals("Production") ? "centroids" : "centroids-logits";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                            base + "/v1/models/digits?family=" + family + "&alias=" + m.getKey()))
                    .header("authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/octet-stream")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(m.getValue())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    private record Feedback(long dueNanos, String path, String body) {
    }

    /**
     * Calories and digits predictions with their feedback 0.5-2.5 s later (every fifth digit with a wrong label, so
     * the confusion counts have an off-diagonal), a schema-invalid request and a 404 now and then, one dead letter.
     */
    private static void driveTraffic() {
        MnistDigits holdout = MnistDigits.holdout();
        ConcurrentLinkedQueue<Feedback> due = new ConcurrentLinkedQueue<>();
        try (KafkaProducer<String, byte[]> p = TestKafka.producer(app.bootstrapServers())) {
            p.send(new ProducerRecord<>("calories.requests", "prom-bad-1", "{not json".getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            log.warn("could not write the dead letter: {}", e.toString());
        }
        int i = 0;
        while (trafficRunning) {
            try {
                i++;
                String id = "prom-c-" + i;
                String record = String.format(java.util.Locale.ROOT, CALORIES, id, i % 2 == 0 ? "male" : "female",
                        20 + i % 50, 160 + i % 30, 55 + i % 40, 5 + i % 25, 85 + i % 30, 39.0 + (i % 15) / 10.0);
                HttpResponse<String> c = post("/v1/calories/predict", record);
                if (c.statusCode() == 200) {
                    double kcal = Json.tree(c.body().getBytes(StandardCharsets.UTF_8)).get("Calories").asDouble();
                    due.add(new Feedback(later(i), "/v1/calories/feedback",
                            "{\"id\":\"" + id + "\",\"Calories\":" + Math.max(1, kcal * (0.9 + (i % 5) * 0.05)) + "}"));
                } else {
                    trafficErrors.incrementAndGet();
                }
                int n = i % holdout.count();
                String digitId = "prom-d-" + i;
                HttpResponse<String> d = post("/v1/digits/predict", new String(Json.MAPPER.writeValueAsBytes(
                        DigitsRequest.ofPixels(digitId, holdout.image(n))), StandardCharsets.UTF_8));
                if (d.statusCode() == 200) {
                    int label = i % 5 == 0 ? (holdout.label(n) + 1) % 10 : holdout.label(n);
                    due.add(new Feedback(later(i), "/v1/digits/feedback", "{\"id\":\"" + digitId + "\",\"label\":" + label + "}"));
                } else {
                    trafficErrors.incrementAndGet();
                }
                if (i % 10 == 0) {
                    post("/v1/calories/predict", "{\"id\":\"bad\",\"Sex\":\"x\",\"Age\":-5}"); // 400
                    get(base + "/no-such-page"); // 404
                }
                long now = System.nanoTime();
                for (Feedback f; (f = due.peek()) != null && f.dueNanos() <= now; ) {
                    due.poll();
                    if (post(f.path(), f.body()).statusCode() != 202) {
                        trafficErrors.incrementAndGet();
                    }
                }
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                trafficErrors.incrementAndGet();
                log.debug("traffic: {}", e.toString());
            }
        }
    }

    /**
     * rps games over HTTP, one after the other, by family in turn: a player that plays rock half the time and
     * cycles otherwise (something to learn), and every tenth game a retried move (a duplicate) and a move for a
     * round already played.
     */
    private static void playRps() {
        Move[] moves = Move.values();
        int g = 0;
        while (trafficRunning) {
            try {
                g++;
                String family = FAMILIES.get(g % FAMILIES.size());
                HttpResponse<String> started = post("/v1/rps/games", "{\"family\":\"" + family + "\"}");
                if (started.statusCode() != 201) {
                    trafficErrors.incrementAndGet();
                    Thread.sleep(500);
                    continue;
                }
                RpsGameView game = Json.read(started.body().getBytes(StandardCharsets.UTF_8), RpsGameView.class);
                int n = 0;
                while (trafficRunning && !game.finished()) {
                    Move mine = n % 2 == 0 ? Move.ROCK : moves[(n / 2) % 3];
                    String body = "{\"round\":" + game.round() + ",\"move\":\"" + mine.id() + "\"}";
                    HttpResponse<String> r = post("/v1/rps/games/" + game.gameId() + "/moves", body);
                    if (r.statusCode() != 200) {
                        trafficErrors.incrementAndGet();
                        break;
                    }
                    if (g % 10 == 0 && n == 4) {
                        post("/v1/rps/games/" + game.gameId() + "/moves", body); // a retry: idempotent
                        post("/v1/rps/games/" + game.gameId() + "/moves", "{\"round\":1,\"move\":\"paper\"}"); // stale
                    }
                    game = Json.read(r.body().getBytes(StandardCharsets.UTF_8), RpsGameView.class);
                    n++;
                    Thread.sleep(20);
                }
                rpsGames.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                trafficErrors.incrementAndGet();
                log.debug("rps traffic: {}", e.toString());
            }
        }
    }

    private static long later(int i) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + (i % 5) * 500L);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        sent.incrementAndGet();
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}

package io.hindsight.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.gateway.BrowserScript;
import io.hindsight.gateway.GatewayHttp;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.http.HttpMetrics;
import io.hindsight.gateway.http.TestGateways;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.OpsHandler;
import io.hindsight.gateway.promotions.PromotionLedger;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * The dashboard in a real browser (playwright-core driving Debian's headless Chromium, see {@link BrowserScript}):
 * the gateway's HTTP stack on a loopback port, its rolling history fed by this test as the feedback joiner would
 * feed it. Calories has twenty minutes of history for two aliases; digits starts empty and gets its first windows
 * once the page has shown the empty state; rps has two families of four aliases, the served two finishing games;
 * all keep getting a point a second. Calories has twelve drift windows of its seven features (Heart_Rate drifting
 * lately), digits none; the promotion ledger has three decisions. The script checks each chart's canvas and series
 * count, switching the rps family, hiding an alias, the live update, the drift tables and chart, the ledger's rows,
 * and saves screenshots to target/playwright.
 */
class DashboardPageIT {
    static final long MIN = 60_000;

    final RollingHistory history = new RollingHistory();
    final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    DisposableServer server;

    @AfterEach
    void tearDown() {
        feeder.shutdownNow();
        if (server != null) {
            server.disposeNow();
        }
    }

    /** The window a point at t is drawn from (the earliest hopping window that contains t), with wobbly figures. */
    static RollingMetrics window(String task, String family, String version, String alias, long t, int i, double quality) {
        long start = t - t % MIN - 4 * MIN;
        double wobble = Math.sin(i / 4.0) * 0.5 + Math.cos(i / 9.0) * 0.3;
        long matched = 150 + (i * 7) % 60;
        long expired = i % 11 == 0 ? 3 : 0;
        double coverage = matched / (double) (matched + expired);
        double lagP50 = 28_000 + 4_000 * wobble;
        double lagP95 = 52_000 + 7_000 * wobble;
        if (task.equals("calories")) {
            return new RollingMetrics(task, family, version, alias, start, start + 5 * MIN, matched, expired, coverage,
                    0.055 * quality + 0.004 * wobble, 4.1 * quality + 0.3 * wobble, 0, 95, lagP50, lagP95,
                    Map.of(), Map.of(), Map.of());
        }
        double accuracy = Math.min(1, 0.985 - (quality - 1) * 0.3 + 0.01 * wobble);
        return new RollingMetrics(task, family, version, alias, start, start + 5 * MIN, matched, expired, coverage,
                0, 1 - accuracy, accuracy, 4.5, lagP50 / 6, lagP95 / 6, Map.of(), Map.of(), Map.of("7>7", matched));
    }

    void calories(long t, int i) {
        history.add(window("calories", "xgboost", "calories-xgboost-70ee0bb4b88a", "Production", t, i, 1.0), t);
        history.add(window("calories", "xgboost", "calories-xgboost-fb060a4d3a88", "shadow1", t, i + 5, 1.2), t);
    }

    /** rps: the served aliases finish games (win rate), every alias scores points per round and accuracy. */
    void rps(long t, int i) {
        long start = t - t % MIN - 4 * MIN;
        String[] aliases = {"Production", "B", "shadow1", "shadow2"};
        for (String family : new String[] {"forrest", "logan"}) {
            for (int a = 0; a < aliases.length; a++) {
                double wobble = Math.sin((i + a * 3) / 5.0) * 0.5;
                long matched = 120 + (i * 5 + a * 7) % 40;
                double accuracy = 0.42 + 0.05 * a % 0.1 + 0.04 * wobble + (family.equals("logan") ? 0.03 : 0);
                boolean served = a < 2;
                long games = served ? 6 + (i + a) % 5 : 0;
                long won = served ? Math.round(games * (0.55 + 0.2 * wobble)) : 0;
                history.add(new RollingMetrics("rps", family, "rps-" + family + "-" + "abcdef01234" + a, aliases[a],
                        start, start + 5 * MIN, matched, 0, 1.0, 0, 1 - accuracy, accuracy, 1, 6_000 + 900 * wobble,
                        14_000 + 2_000 * wobble, Map.of(), Map.of(), Map.of("0>0", matched), 0.18 + 0.3 * wobble - 0.05 * a,
                        games, won), t);
            }
        }
    }

    void digits(long t, int i) {
        history.add(window("digits", "cnn", "digits-cnn-7b3bc285f9d6", "Production", t, i, 1.0), t);
        history.add(window("digits", "xgboost", "digits-xgboost-ff98ddf68672", "B", t, i + 3, 1.15), t);
    }

    static PromotionDecision decision(String family, long ts, String outcome, Double z, Double p, long production, long b,
                                      List<PromotionDecision.AliasMove> moves, String reason) {
        return new PromotionDecision("rps", family, ts, outcome, "game_win_rate",
                "two-proportion z-test, one-sided (B > Production)", z, p, 0.05, 30,
                List.of(new PromotionDecision.AliasEvidence("Production", "rps-" + family + "-abcdef012340", production, 0.55,
                                Math.round(production * 0.55)),
                        new PromotionDecision.AliasEvidence("B", "rps-" + family + "-abcdef012341", b, 0.7, Math.round(b * 0.7))),
                moves, reason);
    }

    @Test
    void theDashboardDrawsEveryChartShowsTheEmptyStateAndUpdatesLive() throws Exception {
        BrowserScript.requireTools();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 40; i++) {
            calories(now - (40 - i) * 30_000L, i);
            rps(now - (40 - i) * 30_000L, i);
        }
        DriftHistory drift = new DriftHistory();
        long window = 5 * MIN;
        long last = now - now % window;
        for (int w = 12; w >= 1; w--) {
            long start = last - w * window;
            int f = 0;
            for (String feature : List.of("Sex", "Age", "Height", "Weight", "Duration", "Heart_Rate", "Body_Temp")) {
                boolean drifting = feature.equals("Heart_Rate") && w <= 3;
                double psi = drifting ? 0.25 + 0.05 * (3 - w) : 0.02 + 0.01 * ((w + f) % 5);
                double ksD = drifting ? 0.18 : 0.03 + 0.005 * f;
                double ksP = drifting ? 1e-5 : 0.4;
                drift.add(new DriftReport("calories", feature, start, start + window, "calories-xgboost-70ee0bb4b88a",
                        300, 15_000, psi, ksD, ksP, drifting, List.of(), List.of(), List.of()));
                f++;
            }
        }
        PromotionLedger ledger = new PromotionLedger();
        ledger.add(decision("logan", now - 180_000, PromotionDecision.INSUFFICIENT_DATA, null, null, 12, 11, List.of(),
                "not enough evidence yet: Production has 12 and B 11 of the 30 games each needs"));
        ledger.add(decision("forrest", now - 120_000, PromotionDecision.KEPT, 0.84, 0.2005, 41, 38, List.of(),
                "B is not significantly better than Production (p = 0.2005 >= 0.05)"));
        ledger.add(decision("forrest", now - 60_000, PromotionDecision.PROMOTED, 2.31, 0.0104, 64, 60,
                List.of(new PromotionDecision.AliasMove("Production", "rps-forrest-abcdef012340", "rps-forrest-abcdef012341"),
                        new PromotionDecision.AliasMove("B", "rps-forrest-abcdef012341", "rps-forrest-abcdef012340")),
                "B wins significantly more games than Production (p = 0.0104 < 0.05): they swap"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var config = TestGateways.config(true);
        TestGateways.Fakes fakes = new TestGateways.Fakes();
        OpsHandler ops = new OpsHandler(config, registry, Readiness.none(), () -> Mono.just(Map.of("kafka", true)),
                ModelCatalog.empty());
        HttpHandler stack = GatewayHttp.create(config, new HttpMetrics(registry), registry, ops,
                new GatewayHttp.Backends(fakes.calories, fakes.digits, fakes.accuracy, fakes.models, history, null, null,
                        ledger, drift)).handler();
        AtomicInteger digitsPolls = new AtomicInteger();
        HttpHandler counting = (request, response) -> {
            if ("task=digits".equals(request.getURI().getQuery())) {
                digitsPolls.incrementAndGet();
            }
            return stack.handle(request, response);
        };
        server = TestGateways.serve(counting);

        AtomicInteger tick = new AtomicInteger(40);
        feeder.scheduleAtFixedRate(() -> {
            int i = tick.incrementAndGet();
            long t = System.currentTimeMillis();
            calories(t, i);
            rps(t, i);
            if (digitsPolls.get() >= 2) { // the page has shown digits empty: now its first windows come in
                if (history.view(io.hindsight.contracts.Task.DIGITS, t).series().isEmpty()) {
                    for (int j = 0; j < 30; j++) {
                        digits(t - (30 - j) * 30_000L, j);
                    }
                }
                digits(t, i);
            }
        }, 1, 1, TimeUnit.SECONDS);

        String base = "http://127.0.0.1:" + server.port();
        Path shot = BrowserScript.OUT.resolve("dashboard-page.png").toAbsolutePath();
        BrowserScript.Result r = BrowserScript.node("dashboard-page.mjs", 120, base, shot.toString(), "--expect-empty", "digits");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true").contains("digits: empty state shown")
                .contains("calories: 4 charts, 2 series each (lag 4)").contains("digits: 3 charts, 2 series each (lag 4)")
                .contains("rps: 5 charts, 4 series each (lag 8)").contains("rps: family forrest -> logan, 4 aliases, win rate of 2 served")
                .contains("drift calories: 7 features, 7 PSI lines, 1 drifted").contains("drift digits: empty state shown")
                .contains("promotions: 3 decisions (promoted, kept, insufficient-data), 2 with a p-value");
        assertThat(Files.size(shot)).isPositive();
        assertThat(Files.exists(BrowserScript.OUT.resolve("dashboard-page-phone.png"))).isTrue();
    }
}

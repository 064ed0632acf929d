package io.hindsight.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.gateway.BrowserScript;
import io.hindsight.gateway.GatewayHttp;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.http.HttpMetrics;
import io.hindsight.gateway.http.TestGateways;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.OpsHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * once the page has shown the empty state; both keep getting a point a second. The script checks each chart's
 * canvas and series count, hiding an alias, the live update, and saves screenshots to target/playwright.
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

    void digits(long t, int i) {
        history.add(window("digits", "cnn", "digits-cnn-7b3bc285f9d6", "Production", t, i, 1.0), t);
        history.add(window("digits", "xgboost", "digits-xgboost-ff98ddf68672", "B", t, i + 3, 1.15), t);
    }

    @Test
    void theDashboardDrawsEveryChartShowsTheEmptyStateAndUpdatesLive() throws Exception {
        BrowserScript.requireTools();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 40; i++) {
            calories(now - (40 - i) * 30_000L, i);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var config = TestGateways.config(true);
        TestGateways.Fakes fakes = new TestGateways.Fakes();
        OpsHandler ops = new OpsHandler(config, registry, Readiness.none(), () -> Mono.just(Map.of("kafka", true)),
                ModelCatalog.empty());
        HttpHandler stack = GatewayHttp.create(config, new HttpMetrics(registry), registry, ops,
                new GatewayHttp.Backends(fakes.calories, fakes.digits, fakes.accuracy, fakes.models, history)).handler();
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
                .contains("calories: 4 charts, 2 series each (lag 4)").contains("digits: 3 charts, 2 series each (lag 4)");
        assertThat(Files.size(shot)).isPositive();
        assertThat(Files.exists(BrowserScript.OUT.resolve("dashboard-page-phone.png"))).isTrue();
    }
}

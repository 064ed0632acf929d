package io.hindsight.gateway;

import io.hindsight.gateway.bus.TaskBus;
import io.hindsight.contracts.Task;
import io.hindsight.gateway.calories.CaloriesHandler;
import io.hindsight.gateway.dashboard.DashboardRoutes;
import io.hindsight.gateway.dashboard.DriftHistory;
import io.hindsight.gateway.dashboard.RollingHistory;
import io.hindsight.gateway.digits.DigitsAccuracy;
import io.hindsight.gateway.digits.DigitsRoutes;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.HttpMetrics;
import io.hindsight.gateway.models.DigitsModelCheck;
import io.hindsight.gateway.models.ModelRegistry;
import io.hindsight.gateway.models.ModelRegistryRoutes;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.hindsight.gateway.models.ModelUploadHandler;
import io.hindsight.gateway.ops.OpsHandler;
import io.hindsight.gateway.promotions.PromotionLedger;
import io.hindsight.gateway.promotions.PromotionRoutes;
import io.hindsight.gateway.rps.RpsBackend;
import io.hindsight.gateway.rps.RpsRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The gateway's HTTP stack put together: ops routes always; with the gateway role the calories routes, the
 * digits product (routes, live socket, page), the rps product (games, live socket, page), the model upload, the
 * model registry routes (list, one version, alias moves), the promotion ledger and its override, and the live dashboard (rolling
 * metrics of every task, drift, promotions). Kafka comes in as {@link Backends}, so
 * tests run the same stack on fakes.
 */
public final class GatewayHttp implements AutoCloseable {

    /**
     * What the task routes need from Kafka; all null when the process does not run the gateway role.
     *
     * @param digitsAccuracy the accuracy view that the page shows and the accuracy route answers
     * @param models         writes uploaded models to the registry topics
     * @param rolling        the recent metrics.rolling history that the dashboard draws; null: an empty one
     * @param registry       the registry view that /v1/models shows; null: an empty one that never catches up
     * @param rps            rps games on Kafka; null: the game routes answer 503 (the page is still served)
     * @param promotions     the promotion ledger /v1/promotions shows; null: an empty one that never catches up
     * @param drift          the recent drift reports that the dashboard shows; null: an empty one
     */
    public record Backends(TaskBus calories, TaskBus digits, DigitsAccuracy digitsAccuracy, ModelRegistryWriter models,
                           RollingHistory rolling, ModelRegistry registry, RpsBackend rps, PromotionLedger promotions,
                           DriftHistory drift) {
        public Backends(TaskBus calories, TaskBus digits, DigitsAccuracy digitsAccuracy, ModelRegistryWriter models,
                        RollingHistory rolling, ModelRegistry registry, RpsBackend rps, PromotionLedger promotions) {
            this(calories, digits, digitsAccuracy, models, rolling, registry, rps, promotions, null);
        }

        public Backends(TaskBus calories, TaskBus digits, DigitsAccuracy digitsAccuracy, ModelRegistryWriter models,
                        RollingHistory rolling, ModelRegistry registry) {
            this(calories, digits, digitsAccuracy, models, rolling, registry, null, null);
        }

        public Backends(TaskBus calories, TaskBus digits, DigitsAccuracy digitsAccuracy, ModelRegistryWriter models,
                        RollingHistory rolling) {
            this(calories, digits, digitsAccuracy, models, rolling, null);
        }

        public Backends(TaskBus calories, TaskBus digits, DigitsAccuracy digitsAccuracy, ModelRegistryWriter models) {
            this(calories, digits, digitsAccuracy, models, null, null);
        }

        public static Backends none() {
            return new Backends(null, null, null, null, null, null, null, null, null);
        }
    }

    private final HttpHandler handler;
    private final DigitsRoutes digits;
    private final RpsRoutes rps;
    private final ModelUploadHandler uploads;

    private GatewayHttp(HttpHandler handler, DigitsRoutes digits, RpsRoutes rps, ModelUploadHandler uploads) {
        this.handler = handler;
        this.digits = digits;
        this.rps = rps;
        this.uploads = uploads;
    }

    public static GatewayHttp create(GatewayConfig config, HttpMetrics metrics, MeterRegistry meters, OpsHandler ops,
                                     Backends backends) {
        return create(config, metrics, meters, ops, backends, System::nanoTime);
    }

    /** @param nanoTime the clock of the per-client rate limit; tests step it by hand */
    public static GatewayHttp create(GatewayConfig config, HttpMetrics metrics, MeterRegistry meters, OpsHandler ops,
                                     Backends backends, LongSupplier nanoTime) {
        if (!config.gatewayRoutesEnabled()) {
            return new GatewayHttp(GatewayRoutes.httpHandler(new GatewayRoutes(ops, null), metrics, config.rateLimit(),
                    nanoTime), null, null, null);
        }
        CaloriesHandler calories = new CaloriesHandler(backends.calories(), config.maxBodyBytes(), config.requestTimeout());
        DigitsRoutes digits = new DigitsRoutes(backends.digits(), backends.digitsAccuracy(), config.maxBodyBytes(),
                config.requestTimeout(), meters);
        ModelUploadHandler uploads = new ModelUploadHandler(config.adminToken(), config.version(), new DigitsModelCheck(),
                backends.models(), meters, config.maxModelBytes());
        DashboardRoutes dashboard = new DashboardRoutes(Objects.requireNonNullElseGet(backends.rolling(), RollingHistory::new),
                Objects.requireNonNullElseGet(backends.drift(), DriftHistory::new), List.of(Task.CALORIES, Task.DIGITS, Task.RPS));
        ModelRegistryRoutes registry = new ModelRegistryRoutes(backends.registry(), backends.models(), config.adminToken(),
                meters, config.smallBodyBytes());
        RpsRoutes rps = new RpsRoutes(backends.rps(), config.requestTimeout(), meters, config.smallBodyBytes());
        PromotionRoutes promotions = new PromotionRoutes(backends.promotions(), backends.registry(), backends.models(),
                config.adminToken(), meters, config.smallBodyBytes());
        HttpHandler handler = GatewayRoutes.httpHandler(
                new GatewayRoutes(ops, calories, digits, rps, uploads, registry, promotions, dashboard), metrics,
                config.rateLimit(), nanoTime);
        return new GatewayHttp(handler, digits, rps, uploads);
    }

    public HttpHandler handler() {
        return handler;
    }

    /** The digits routes; null without the gateway role. */
    public DigitsRoutes digits() {
        return digits;
    }

    /** The rps routes; null without the gateway role. */
    public RpsRoutes rps() {
        return rps;
    }

    /** Closes the live sockets (1001, going away) and stops the upload check thread. */
    @Override
    public void close() {
        if (digits != null) {
            digits.closeSockets();
        }
        if (rps != null) {
            rps.closeSockets();
        }
        if (uploads != null) {
            uploads.close();
        }
    }
}

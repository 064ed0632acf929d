package io.hindsight.gateway.dashboard;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The built-in dashboard, for when no Grafana runs (the one-command demo): live model-quality charts per task
 * and alias, drawn from {@code metrics.rolling} (rps with its game win rate and points per round per family), the
 * latest drift report per feature from {@code drift}, and the promotion ledger (which the page reads from
 * {@code GET /v1/promotions}).
 * <ul>
 *   <li>{@code GET /dashboard}, its CSS and script, and uPlot: {@link DashboardPage}</li>
 *   <li>{@code GET /v1/metrics/rolling?task=calories|digits|rps}: {@link RollingHistory.View} as JSON, what the page
 *       polls; 400 without a task, 404 for a task not served here</li>
 *   <li>{@code GET /v1/metrics/drift?task=calories|digits}: {@link DriftHistory.View} as JSON; 400 without a task,
 *       404 for a task not served here or without drift features (rps)</li>
 * </ul>
 */
public final class DashboardRoutes implements RouteGroup {
    public static final String ROLLING = "/v1/metrics/rolling";
    public static final String DRIFT = "/v1/metrics/drift";

    private final RollingHistory history;
    private final DriftHistory drift;
    private final List<Task> tasks;
    private final List<Task> driftTasks;
    private final DashboardPage page;
    private final Clock clock;

    /**
     * @param tasks the tasks this gateway serves, in the order the page shows them; those with drift features
     *              ({@link DriftFeatures#supports}) get a drift section
     */
    public DashboardRoutes(RollingHistory history, DriftHistory drift, List<Task> tasks, Clock clock) {
        this.history = history;
        this.drift = drift;
        this.tasks = List.copyOf(tasks);
        this.driftTasks = this.tasks.stream().filter(DriftFeatures::supports).toList();
        this.page = new DashboardPage(this.tasks.stream().map(Task::id).toList(),
                this.driftTasks.stream().map(Task::id).toList());
        this.clock = clock;
    }

    public DashboardRoutes(RollingHistory history, DriftHistory drift, List<Task> tasks) {
        this(history, drift, tasks, Clock.systemUTC());
    }

    public DashboardRoutes(RollingHistory history, List<Task> tasks, Clock clock) {
        this(history, new DriftHistory(), tasks, clock);
    }

    public DashboardRoutes(RollingHistory history, List<Task> tasks) {
        this(history, tasks, Clock.systemUTC());
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of();
    }

    @Override
    public Map<String, HttpMethod> methods() {
        Map<String, HttpMethod> m = new LinkedHashMap<>();
        m.put(ROLLING, HttpMethod.GET);
        m.put(DRIFT, HttpMethod.GET);
        for (String p : page.paths()) {
            m.put(p, HttpMethod.GET);
        }
        return m;
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.route(GatewayRoutes.read(ROLLING), this::rolling);
        routes.route(GatewayRoutes.read(DRIFT), this::drift);
        for (String p : page.paths()) {
            routes.route(GatewayRoutes.read(p), page::get);
        }
    }

    private Mono<ServerResponse> rolling(ServerRequest request) {
        return taskOf(request, ROLLING, tasks, "is served here")
                .flatMap(task -> json(history.view(task, clock.millis())));
    }

    private Mono<ServerResponse> drift(ServerRequest request) {
        return taskOf(request, DRIFT, driftTasks, "has drift reports here")
                .flatMap(task -> json(drift.view(task, clock.millis())));
    }

    /** The task named by ?task=, one of {@code known}; else a 400 (none named) or a 404. */
    private static Mono<Task> taskOf(ServerRequest request, String route, List<Task> candidates, String what) {
        List<String> known = candidates.stream().map(Task::id).toList();
        String id = request.queryParam("task").orElse("");
        if (id.isBlank()) {
            return Mono.error(new HttpRejection(HttpStatus.BAD_REQUEST, RejectReason.INVALID,
                    HttpRejection.error("missing parameter", "name a task: " + route + "?task="
                            + (known.isEmpty() ? "" : known.get(0)) + " (known here: " + known + ")")));
        }
        Task task = candidates.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        if (task == null) {
            Map<String, Object> body = HttpRejection.error("unknown task", "no task '" + id + "' " + what + "; known: " + known);
            body.put("task", id);
            return Mono.error(new HttpRejection(HttpStatus.NOT_FOUND, null, body));
        }
        return Mono.just(task);
    }

    private static Mono<ServerResponse> json(Object view) {
        byte[] json = Json.write(view);
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(json.length)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(JsonResponses.inserter(json));
    }
}

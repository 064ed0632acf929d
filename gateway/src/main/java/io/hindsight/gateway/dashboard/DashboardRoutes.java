package io.hindsight.gateway.dashboard;

import io.hindsight.contracts.Task;
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
 * and alias, drawn from {@code metrics.rolling}.
 * <ul>
 *   <li>{@code GET /dashboard}, its CSS and script, and uPlot: {@link DashboardPage}</li>
 *   <li>{@code GET /v1/metrics/rolling?task=calories|digits}: {@link RollingHistory.View} as JSON, what the page
 *       polls; 400 without a task, 404 for a task not served here</li>
 * </ul>
 */
public final class DashboardRoutes implements RouteGroup {
    public static final String ROLLING = "/v1/metrics/rolling";

    private final RollingHistory history;
    private final List<Task> tasks;
    private final DashboardPage page;
    private final Clock clock;

    /** @param tasks the tasks this gateway serves, in the order the page shows them */
    public DashboardRoutes(RollingHistory history, List<Task> tasks, Clock clock) {
        this.history = history;
        this.tasks = List.copyOf(tasks);
        this.page = new DashboardPage(this.tasks.stream().map(Task::id).toList());
        this.clock = clock;
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
        for (String p : page.paths()) {
            m.put(p, HttpMethod.GET);
        }
        return m;
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.route(GatewayRoutes.read(ROLLING), this::rolling);
        for (String p : page.paths()) {
            routes.route(GatewayRoutes.read(p), page::get);
        }
    }

    private Mono<ServerResponse> rolling(ServerRequest request) {
        List<String> known = tasks.stream().map(Task::id).toList();
        String id = request.queryParam("task").orElse("");
        if (id.isBlank()) {
            return Mono.error(new HttpRejection(HttpStatus.BAD_REQUEST, RejectReason.INVALID,
                    HttpRejection.error("missing parameter", "name a task: " + ROLLING + "?task=" + known.get(0)
                            + " (served here: " + known + ")")));
        }
        Task task = tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        if (task == null) {
            Map<String, Object> body = HttpRejection.error("unknown task", "no task '" + id + "' is served here; known: " + known);
            body.put("task", id);
            return Mono.error(new HttpRejection(HttpStatus.NOT_FOUND, null, body));
        }
        byte[] json = Json.write(history.view(task, clock.millis()));
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(json.length)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(JsonResponses.inserter(json));
    }
}

package io.hindsight.gateway.http;

import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.calories.CaloriesHandler;
import io.hindsight.gateway.ops.OpsHandler;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * The gateway's route table and its HTTP handler: ops routes always, the task routes when given. Anything
 * else is answered 404, or 405 with Allow for a known path and the wrong method, in JSON.
 */
public final class GatewayRoutes {
    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    public static final String INFO = "/info";
    public static final String METRICS = "/metrics";
    public static final String HOME = "/";
    public static final String SEED_PREDICT = "/predict";
    public static final String SEED_FEEDBACK = "/feedback";

    private final OpsHandler ops;
    private final CaloriesHandler calories;
    private final List<RouteGroup> groups;
    private final Map<String, TaskEndpoints> tasks = new LinkedHashMap<>();
    private final Map<String, HttpMethod> methods = new LinkedHashMap<>();
    private final RouteNames names;

    /**
     * @param calories the calories routes, null when this process does not run the gateway role
     * @param groups   the other products' routes (digits), served only with the gateway role
     */
    public GatewayRoutes(OpsHandler ops, CaloriesHandler calories, RouteGroup... groups) {
        this.ops = ops;
        this.calories = calories;
        this.groups = calories == null ? List.of() : List.of(groups);
        for (String p : List.of(HOME, HEALTHZ, READYZ, INFO, METRICS)) {
            methods.put(p, HttpMethod.GET);
        }
        if (calories != null) {
            tasks.put("calories", calories);
            methods.put(SEED_PREDICT, HttpMethod.POST);
            methods.put(SEED_FEEDBACK, HttpMethod.POST);
        }
        for (RouteGroup g : this.groups) {
            tasks.putAll(g.tasks());
        }
        for (String task : tasks.keySet()) {
            methods.put(v1(task, "predict"), HttpMethod.POST);
            methods.put(v1(task, "feedback"), HttpMethod.POST);
        }
        for (RouteGroup g : this.groups) {
            methods.putAll(g.methods());
        }
        this.names = new RouteNames(methods.keySet());
    }

    public static String v1(String task, String action) {
        return "/v1/" + task + "/" + action;
    }

    public RouteNames names() {
        return names;
    }

    /** The routes that take a body and so can be rejected for it. */
    public Set<String> bodyRoutes() {
        Set<String> s = new LinkedHashSet<>();
        methods.forEach((path, method) -> {
            if (method == HttpMethod.POST || method == HttpMethod.PUT) {
                s.add(path);
            }
        });
        return s;
    }

    public RouterFunction<ServerResponse> router(ErrorMapping errors) {
        RouterFunctions.Builder b = RouterFunctions.route()
                .route(read(HOME), ops::home)
                .route(read(HEALTHZ), ops::healthz)
                .route(read(READYZ), ops::readyz)
                .route(read(INFO), ops::info)
                .route(read(METRICS), ops::metrics);
        if (calories != null) {
            b.POST(SEED_PREDICT, calories::seedPredict)
                    .POST(SEED_FEEDBACK, calories::seedFeedback)
                    .POST("/v1/{task}/predict", r -> task(r).predict(r))
                    .POST("/v1/{task}/feedback", r -> task(r).feedback(r));
        }
        for (RouteGroup g : groups) {
            g.addRoutes(b);
        }
        return b.route(RequestPredicates.all(), this::fallback)
                .filter(errors)
                .build();
    }

    /** GET, and HEAD (same headers, no body: WebFlux drops it) for probes and {@code curl -I}. */
    public static RequestPredicate read(String path) {
        return RequestPredicates.path(path).and(RequestPredicates.method(HttpMethod.GET).or(RequestPredicates.method(HttpMethod.HEAD)));
    }

    /** The whole HTTP stack with the default rate limit. */
    public static HttpHandler httpHandler(GatewayRoutes routes, HttpMetrics metrics) {
        return httpHandler(routes, metrics, GatewayConfig.RateLimit.defaults());
    }

    /**
     * The whole HTTP stack: metrics filter, then the per-client rate limit (so a 429 is counted and timed like
     * any answer), routes, JSON error handler. Also what unit tests drive.
     */
    public static HttpHandler httpHandler(GatewayRoutes routes, HttpMetrics metrics, GatewayConfig.RateLimit rateLimit) {
        return httpHandler(routes, metrics, rateLimit, System::nanoTime);
    }

    /** @param nanoTime the rate limit's clock */
    public static HttpHandler httpHandler(GatewayRoutes routes, HttpMetrics metrics, GatewayConfig.RateLimit rateLimit,
                                          LongSupplier nanoTime) {
        RouteNames names = routes.names();
        for (String path : names.all()) {
            metrics.declare(path, routes.bodyRoutes().contains(path));
        }
        RouterFunction<ServerResponse> router = routes.router(new ErrorMapping(metrics, names));
        return WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(router, HandlerStrategies.empty().build()))
                .filter(new MetricsWebFilter(metrics, names), new ClientRateLimit(rateLimit, metrics, names, nanoTime))
                .exceptionHandler(new JsonErrorHandler())
                .build();
    }

    private TaskEndpoints task(ServerRequest request) {
        String task = request.pathVariable("task");
        TaskEndpoints endpoints = tasks.get(task);
        if (endpoints == null) {
            Map<String, Object> body = HttpRejection.error("unknown task",
                    "no task '" + task + "' is served here; known: " + new TreeSet<>(tasks.keySet()));
            body.put("task", task);
            throw new HttpRejection(HttpStatus.NOT_FOUND, null, body);
        }
        return endpoints;
    }

    private Mono<ServerResponse> fallback(ServerRequest request) {
        String path = request.requestPath().pathWithinApplication().value();
        HttpMethod allowed = methods.get(names.of(path));
        if (allowed == null && calories != null && path.startsWith("/v1/")) {
            String[] parts = path.split("/");
            if (parts.length == 4 && (parts[3].equals("predict") || parts[3].equals("feedback"))) {
                allowed = HttpMethod.POST; // /v1/{task}/predict with another method: the task is checked on POST
            }
        }
        if (allowed != null) {
            return Mono.error(new HttpRejection(HttpStatus.METHOD_NOT_ALLOWED, null,
                    HttpRejection.error("method not allowed", request.method() + " " + path + "; use " + allowed),
                    Map.of(HttpHeaders.ALLOW, allowed == HttpMethod.GET ? "GET, HEAD" : allowed.name())));
        }
        String message = calories == null && (path.equals(SEED_PREDICT) || path.equals(SEED_FEEDBACK)
                || path.startsWith("/v1/") || path.startsWith("/digits") || path.startsWith("/rps")
                || path.startsWith("/dashboard"))
                ? "this process does not run the gateway role: " + path + " is not served here"
                : "no route " + path + "; see / for the routes";
        return Mono.error(HttpRejection.notFound(message));
    }
}

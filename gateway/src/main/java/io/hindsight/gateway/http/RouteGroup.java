package io.hindsight.gateway.http;

import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunctions;

/**
 * A product's routes, added to {@link GatewayRoutes}: its task endpoints under {@code /v1/{task}/predict|feedback}
 * and any routes of its own (pages, WebSocket, views, admin). Every path it serves is declared with its method,
 * so requests are counted under their route and a wrong method is answered 405 with Allow.
 */
public interface RouteGroup {

    /** Task id to its predict and feedback endpoints. */
    Map<String, TaskEndpoints> tasks();

    /** Every path of {@link #addRoutes} with its one method; GET paths are also answered for HEAD. */
    Map<String, HttpMethod> methods();

    /** Adds the group's own routes (not predict and feedback, which the tasks map serves). */
    void addRoutes(RouterFunctions.Builder routes);
}

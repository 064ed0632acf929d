package io.hindsight.gateway.promotions;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import io.hindsight.gateway.models.ModelRegistry;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/promotions?task=&family=&limit=50}: the promotion ledger newest first, as
 * {@code {"task","family","limit","caughtUp","decisions":[PromotionDecision...]}}. 400 for an unknown task or a
 * limit outside 1-{@value #MAX_LIMIT}. {@code caughtUp} is false until the ledger has been read to its end.
 * {@code POST /v1/promotions/override}: an operator's override, admin token required ({@link PromotionOverride}).
 */
public final class PromotionRoutes implements RouteGroup {
    public static final String LIST = "/v1/promotions";
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public static final String OVERRIDE = PromotionOverride.PATH;

    private final PromotionLedger ledger;
    private final PromotionOverride override;

    /**
     * @param ledger       null: an empty ledger that never catches up (no Kafka)
     * @param registry     what an override is checked against; null: an empty one that never catches up
     * @param writer       writes overrides; null: they answer 503
     * @param adminToken   null: the override route answers 403
     * @param maxBodyBytes the largest override body
     */
    public PromotionRoutes(PromotionLedger ledger, ModelRegistry registry, ModelRegistryWriter writer, String adminToken,
                           MeterRegistry meters, int maxBodyBytes) {
        this.ledger = Objects.requireNonNullElseGet(ledger, PromotionLedger::new);
        this.override = new PromotionOverride(registry, writer, adminToken, meters, maxBodyBytes);
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of();
    }

    @Override
    public Map<String, HttpMethod> methods() {
        return Map.of(LIST, HttpMethod.GET, OVERRIDE, HttpMethod.POST);
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.route(GatewayRoutes.read(LIST), this::list)
                .POST(OVERRIDE, override::handle);
    }

    Mono<ServerResponse> list(ServerRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String task = request.queryParam("task").filter(t -> !t.isBlank()).orElse(null);
        if (task != null && Arrays.stream(Task.values()).noneMatch(t -> t.id().equals(task))) {
            errors.add(new FieldError("task", "unknown task '" + task + "'; known: "
                    + Arrays.stream(Task.values()).map(Task::id).toList()));
        }
        String family = request.queryParam("family").filter(f -> !f.isBlank()).orElse(null);
        String limitParam = request.queryParam("limit").orElse(Integer.toString(DEFAULT_LIMIT));
        int limit = 0;
        try {
            limit = Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "an integer 1-" + MAX_LIMIT + ", not '" + limitParam + "'"));
        }
        if (!errors.isEmpty()) {
            throw HttpRejection.invalid(errors, RejectReason.INVALID);
        }
        List<PromotionDecision> decisions = ledger.newest(task, family, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("family", family);
        body.put("limit", limit);
        body.put("caughtUp", ledger.isCaughtUp());
        body.put("decisions", decisions);
        return JsonResponses.json(HttpStatus.OK, Json.write(body));
    }
}

package io.hindsight.gateway.promotions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.AdminToken;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RequestBodies;
import io.hindsight.gateway.models.ModelRegistry;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/promotions/override} {@code {"task","family","alias","version","reason"}} with
 * {@code Authorization: Bearer <admin token>}: an operator overrides the promotion role and points an alias at a
 * version. Written like the role writes a promotion: a {@link PromotionDecision} on {@code promotions} (outcome
 * {@value #OUTCOME}, metric {@value #METRIC}, no test, no evidence, the one move from the old version to the new,
 * reason "override by an operator: ...") and the {@link AliasAssignment} it made on {@code model-aliases}, both in
 * one transaction. Answers, in the order checked, changing nothing unless 200:
 * <ul>
 *   <li>403 while no admin token is configured; 401 (WWW-Authenticate) for a missing or wrong token</li>
 *   <li>415 for a body not declared JSON; 413 over the limit; 400 naming every bad field (task: a known task;
 *       family: 1-64 of a-z, 0-9, '-', '_'; alias: one of {@link Aliases#ALL}; version: 1-200 characters; reason:
 *       required, 1-{@value #MAX_REASON_CHARS} characters; no other field)</li>
 *   <li>503 before the registry has been read; 404 for an unknown version; 409 when it belongs to another task or
 *       family; 503 when Kafka did not commit</li>
 *   <li>200 {"decision":PromotionDecision,"alias":AliasAssignment}</li>
 * </ul>
 * Counted as {@code hindsight_promotion_overrides_total{result="accepted"|"rejected",reason}}.
 */
final class PromotionOverride {
    private static final Logger log = LoggerFactory.getLogger(PromotionOverride.class);
    public static final String PATH = "/v1/promotions/override";
    /** An operator's move, told apart on the ledger from the promotion role's own decisions. */
    static final String OUTCOME = PromotionDecision.OVERRIDDEN;
    static final String METRIC = "operator-override";
    static final String REASON_PREFIX = "override by an operator: ";
    static final int MAX_REASON_CHARS = 500;
    static final Pattern FAMILY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("task", "family", "alias", "version", "reason");

    /** Why an override was refused: the reason tag of hindsight_promotion_overrides_total. */
    enum Reason {
        DISABLED, UNAUTHORIZED, INVALID, UNKNOWN_VERSION, CONFLICT, UNAVAILABLE, INTERNAL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A valid body. */
    record Body(String task, String family, String alias, String version, String reason) {
    }

    @JsonPropertyOrder({"decision", "alias"})
    record Overridden(PromotionDecision decision, AliasAssignment alias) {
    }

    private final ModelRegistry registry;
    private final ModelRegistryWriter writer;
    private final AdminToken token;
    private final RequestBodies bodies;
    private final Counter accepted;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

    PromotionOverride(ModelRegistry registry, ModelRegistryWriter writer, String adminToken, MeterRegistry meters,
                      int maxBodyBytes) {
        this.registry = Objects.requireNonNullElseGet(registry, ModelRegistry::empty);
        this.writer = writer;
        this.token = new AdminToken(adminToken);
        this.bodies = new RequestBodies(maxBodyBytes);
        String name = "hindsight.promotion.overrides";
        String description = "promotion overrides through the gateway, accepted or rejected by reason";
        this.accepted = Counter.builder(name).description(description).tag("result", "accepted").tag("reason", "none")
                .register(meters);
        for (Reason r : Reason.values()) {
            rejected.put(r, Counter.builder(name).description(description).tag("result", "rejected")
                    .tag("reason", r.tag()).register(meters));
        }
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        Mono<Overridden> answer = Mono.defer(() -> {
            token.check(request);
            return bodies.json(request).map(PromotionOverride::body)
                    .flatMap(b -> Mono.fromCallable(() -> override(b)).subscribeOn(Schedulers.boundedElastic()));
        });
        return answer.doOnError(e -> rejected.get(reasonOf(e)).increment())
                .doOnNext(o -> accepted.increment())
                .flatMap(o -> JsonResponses.json(HttpStatus.OK, Json.write(o)));
    }

    static Body body(byte[] bytes) {
        if (bytes.length == 0) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "empty body; expected a JSON object "
                    + "{\"task\",\"family\",\"alias\",\"version\",\"reason\"}")), RejectReason.MALFORMED);
        }
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())),
                    RejectReason.MALFORMED);
        }
        if (node == null || !node.isObject()) {
            throw HttpRejection.invalid(List.of(new FieldError("$",
                    "a JSON object {\"task\",\"family\",\"alias\",\"version\",\"reason\"} is required")), RejectReason.INVALID);
        }
        List<FieldError> errors = new ArrayList<>();
        String task = text(node, "task", 32);
        if (task == null || Arrays.stream(Task.values()).noneMatch(t -> t.id().equals(task))) {
            errors.add(new FieldError("task", "required: one of " + Arrays.stream(Task.values()).map(Task::id).toList()));
        }
        String family = text(node, "family", 64);
        if (family == null || !FAMILY.matcher(family).matches()) {
            errors.add(new FieldError("family", "required: 1-64 of a-z, 0-9, '-' or '_'"));
        }
        String alias = text(node, "alias", 32);
        if (alias == null || !Aliases.ALL.contains(alias)) {
            errors.add(new FieldError("alias", "required: one of " + Aliases.ALL));
        }
        String version = text(node, "version", 200);
        if (version == null) {
            errors.add(new FieldError("version", "required: the model version the alias should point at, 1-200 characters"));
        }
        String reason = text(node, "reason", MAX_REASON_CHARS);
        if (reason == null) {
            errors.add(new FieldError("reason", "required: why the promotion role is overridden, 1-" + MAX_REASON_CHARS
                    + " characters"));
        }
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name.length() > 64 ? name.substring(0, 64) + "..." : name,
                        "unknown field; the fields are " + FIELDS.stream().sorted().toList()));
            }
        }
        if (!errors.isEmpty()) {
            throw HttpRejection.invalid(errors, RejectReason.INVALID);
        }
        return new Body(task, family, alias, version, reason);
    }

    /** The field's text, stripped, when it is a string of 1..max characters; else null. */
    private static String text(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            return null;
        }
        String s = v.asString().strip();
        return s.isEmpty() || s.length() > max ? null : s;
    }

    private Overridden override(Body b) {
        if (!registry.isCaughtUp()) {
            throw new BusUnavailableException("the model registry has not been read from Kafka yet");
        }
        ModelVersion v = registry.version(b.version());
        if (v == null) {
            Map<String, Object> body = HttpRejection.error("unknown model version",
                    "no model version '" + b.version() + "' in the registry; see GET /v1/models");
            body.put("version", b.version());
            throw new HttpRejection(HttpStatus.NOT_FOUND, null, body);
        }
        if (!b.task().equals(v.task()) || !b.family().equals(v.family())) {
            Map<String, Object> body = HttpRejection.error("conflict", "model version " + v.version() + " is "
                    + v.task() + "/" + v.family() + ", not " + b.task() + "/" + b.family());
            body.put("version", v.version());
            body.put("task", v.task());
            body.put("family", v.family());
            throw new HttpRejection(HttpStatus.CONFLICT, null, body);
        }
        if (writer == null) {
            throw new BusUnavailableException("this process does not write to the model registry");
        }
        long now = System.currentTimeMillis();
        AliasAssignment current = registry.aliases().get(AliasAssignment.key(b.task(), b.family(), b.alias()));
        String why = REASON_PREFIX + b.reason();
        PromotionDecision d = new PromotionDecision(b.task(), b.family(), now, OUTCOME, METRIC, null, null, null, 0.0, 0,
                List.of(), List.of(new PromotionDecision.AliasMove(b.alias(), current == null ? null : current.version(),
                v.version())), why);
        AliasAssignment a = new AliasAssignment(b.task(), b.family(), b.alias(), v.version(), now, why);
        writer.override(d, a);
        log.info("promotion override: {} now points at {} (was {}): {}", a.key(), a.version(),
                current == null ? "unset" : current.version(), b.reason());
        return new Overridden(d, a);
    }

    private static Reason reasonOf(Throwable e) {
        if (e instanceof HttpRejection r) {
            return switch (r.status()) {
                case FORBIDDEN -> Reason.DISABLED;
                case UNAUTHORIZED -> Reason.UNAUTHORIZED;
                case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE, CONTENT_TOO_LARGE -> Reason.INVALID;
                case NOT_FOUND -> Reason.UNKNOWN_VERSION;
                case CONFLICT -> Reason.CONFLICT;
                default -> Reason.INTERNAL;
            };
        }
        return e instanceof BusUnavailableException ? Reason.UNAVAILABLE : Reason.INTERNAL;
    }
}

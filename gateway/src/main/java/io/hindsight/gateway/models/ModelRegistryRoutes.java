package io.hindsight.gateway.models;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.AdminToken;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RequestBodies;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The model registry over HTTP, answered from the gateway's read_committed view of {@code models} and
 * {@code model-aliases}:
 * <ul>
 *   <li>{@code GET /v1/models[?task=T]}: every version with its task, family, format, createdAt, metrics, the
 *       aliases pointing at it and its lineage (training ranges; the provenance's config, seed, dataSource,
 *       codeVersion), sorted by task then createdAt; and every alias. 400 for an unknown task.</li>
 *   <li>{@code GET /v1/models/{version}[?full=true]}: one version with its provenance; its features and
 *       reference distributions only with {@code full=true}. 404 naming an unknown version.</li>
 *   <li>{@code PUT /v1/models/{task}/{family}/aliases/{alias}} with {@code {"version","reason"?}} and
 *       {@code Authorization: Bearer <admin token>}: in the order checked, 403 while no admin token is
 *       configured, 401 for a missing or wrong one; 400 for an unknown task or alias or a bad body (415 for a
 *       body not declared JSON, 413 over its limit, {@link #MAX_BODY_BYTES} by default); 503 before the registry has been read;
 *       404 for an unknown version; 409 when the version belongs to another task or family; 503 when Kafka did
 *       not commit; else 200 with the assignment, written alone to model-aliases in one transaction.</li>
 * </ul>
 */
public final class ModelRegistryRoutes implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryRoutes.class);
    public static final String LIST = "/v1/models";
    public static final String VERSION = "/v1/models/{version}";
    public static final String ALIAS = "/v1/models/{task}/{family}/aliases/{alias}";
    public static final int MAX_BODY_BYTES = 4096;
    static final int MAX_REASON_CHARS = 500;
    static final String DEFAULT_REASON = "set through the gateway";
    private static final Comparator<String> ALIAS_ORDER = Comparator.comparingInt(a -> {
        int i = Aliases.ALL.indexOf(a);
        return i < 0 ? Integer.MAX_VALUE : i;
    });

    private final ModelRegistry registry;
    private final ModelRegistryWriter writer;
    private final AdminToken token;
    private final RequestBodies bodies;
    private final AliasMetrics metrics;

    /**
     * @param registry   what the GET routes show and the PUT route checks against
     * @param writer     writes alias moves; null: they answer 503
     * @param adminToken null: the PUT route answers 403
     */
    public ModelRegistryRoutes(ModelRegistry registry, ModelRegistryWriter writer, String adminToken,
                               MeterRegistry meters) {
        this(registry, writer, adminToken, meters, MAX_BODY_BYTES);
    }

    /** @param maxBodyBytes the largest alias move body (a few fields) */
    public ModelRegistryRoutes(ModelRegistry registry, ModelRegistryWriter writer, String adminToken,
                               MeterRegistry meters, int maxBodyBytes) {
        this.bodies = new RequestBodies(maxBodyBytes);
        this.registry = Objects.requireNonNullElseGet(registry, ModelRegistry::empty);
        this.writer = writer;
        this.token = new AdminToken(adminToken);
        this.metrics = new AliasMetrics(meters);
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of();
    }

    @Override
    public Map<String, HttpMethod> methods() {
        Map<String, HttpMethod> m = new LinkedHashMap<>();
        m.put(LIST, HttpMethod.GET);
        m.put(VERSION, HttpMethod.GET);
        m.put(ALIAS, HttpMethod.PUT);
        return m;
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.route(GatewayRoutes.read(LIST), this::list)
                // the upload path keeps answering 405 to GET: it is no version
                .route(GatewayRoutes.read(VERSION).and(RequestPredicates.path(ModelUploadHandler.PATH).negate()),
                        this::version)
                .PUT(ALIAS, this::setAlias);
    }

    /** 200 {"task","caughtUp","models":[...],"aliases":[...]}. */
    public Mono<ServerResponse> list(ServerRequest request) {
        String task = request.queryParam("task").orElse(null);
        if (task != null) {
            checkTask(task);
        }
        Map<String, AliasAssignment> aliases = registry.aliases();
        List<Map<String, Object>> models = new ArrayList<>();
        registry.versions().values().stream()
                .filter(v -> task == null || task.equals(v.task()))
                .sorted(Comparator.comparing(ModelVersion::task, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(ModelVersion::createdAt)
                        .thenComparing(ModelVersion::version, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(v -> models.add(summary(v, aliasesOf(v.version(), aliases))));
        List<AliasAssignment> assignments = aliases.values().stream()
                .filter(a -> task == null || task.equals(a.task()))
                .sorted(Comparator.comparing(AliasAssignment::task, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(AliasAssignment::family, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(AliasAssignment::alias, Comparator.nullsLast(ALIAS_ORDER)))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("caughtUp", registry.isCaughtUp());
        body.put("models", models);
        body.put("aliases", assignments);
        return JsonResponses.json(HttpStatus.OK, Json.write(body));
    }

    /** 200 the version with its provenance (and with full=true its features and reference); 404 when unknown. */
    public Mono<ServerResponse> version(ServerRequest request) {
        String version = request.pathVariable("version");
        String fullParam = request.queryParam("full").orElse("false");
        if (!fullParam.equals("true") && !fullParam.equals("false")) {
            throw HttpRejection.invalid(List.of(new FieldError("full", "true or false, not '" + fullParam + "'")),
                    RejectReason.INVALID);
        }
        ModelVersion v = registry.version(version);
        if (v == null) {
            throw unknownVersion(version);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", v.version());
        body.put("task", v.task());
        body.put("family", v.family());
        body.put("createdAt", v.createdAt());
        body.put("format", v.format());
        body.put("artifactSha256", v.artifactSha256());
        body.put("artifactBytes", v.artifactBytes());
        body.put("metrics", v.metrics());
        body.put("aliases", aliasesOf(v.version(), registry.aliases()));
        body.put("trainingRanges", v.trainingRanges());
        body.put("codeVersion", v.codeVersion());
        body.put("provenance", v.provenance());
        if (fullParam.equals("true")) {
            body.put("features", v.features());
            body.put("reference", v.reference());
        }
        return JsonResponses.json(HttpStatus.OK, Json.write(body));
    }

    /** 200 the new {@link AliasAssignment}; see the class comment for the refusals. */
    public Mono<ServerResponse> setAlias(ServerRequest request) {
        Mono<AliasAssignment> answer = Mono.defer(() -> {
            token.check(request);
            String task = request.pathVariable("task");
            String family = request.pathVariable("family");
            String alias = request.pathVariable("alias");
            List<FieldError> errors = new ArrayList<>();
            if (!isTask(task)) {
                errors.add(new FieldError("task", "unknown task '" + task + "'; known: " + taskIds()));
            }
            if (!Aliases.ALL.contains(alias)) {
                errors.add(new FieldError("alias", "unknown alias '" + alias + "'; one of " + Aliases.ALL));
            }
            if (!errors.isEmpty()) {
                throw HttpRejection.invalid(errors, RejectReason.INVALID);
            }
            return bodies.json(request).map(ModelRegistryRoutes::move)
                    .flatMap(move -> Mono.fromCallable(() -> assign(task, family, alias, move))
                            .subscribeOn(Schedulers.boundedElastic()));
        });
        return answer.doOnError(e -> metrics.rejected(reasonOf(e)))
                .doOnNext(a -> metrics.accepted())
                .flatMap(a -> JsonResponses.json(HttpStatus.OK, Json.write(a)));
    }

    /** The body of an alias move. */
    record Move(String version, String reason) {
    }

    static Move move(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())),
                    RejectReason.MALFORMED);
        }
        if (node == null || !node.isObject()) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "a JSON object {\"version\",\"reason\"?} is required")),
                    RejectReason.INVALID);
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode version = node.get("version");
        if (version == null || !version.isString() || version.asString().isBlank() || version.asString().length() > 200) {
            errors.add(new FieldError("version", "required: the model version the alias should point at"));
        }
        JsonNode reason = node.get("reason");
        if (reason != null && !reason.isNull() && (!reason.isString() || reason.asString().length() > MAX_REASON_CHARS)) {
            errors.add(new FieldError("reason", "optional: text of at most " + MAX_REASON_CHARS + " characters"));
        }
        if (!errors.isEmpty()) {
            throw HttpRejection.invalid(errors, RejectReason.INVALID);
        }
        String why = reason == null || reason.isNull() || reason.asString().isBlank() ? DEFAULT_REASON : reason.asString().strip();
        return new Move(version.asString().strip(), why);
    }

    private AliasAssignment assign(String task, String family, String alias, Move move) {
        if (!registry.isCaughtUp()) {
            throw new BusUnavailableException("the model registry has not been read from Kafka yet");
        }
        ModelVersion v = registry.version(move.version());
        if (v == null) {
            throw unknownVersion(move.version());
        }
        if (!task.equals(v.task()) || !family.equals(v.family())) {
            Map<String, Object> body = HttpRejection.error("conflict", "model version " + v.version() + " is "
                    + v.task() + "/" + v.family() + ", not " + task + "/" + family);
            body.put("version", v.version());
            body.put("task", v.task());
            body.put("family", v.family());
            throw new HttpRejection(HttpStatus.CONFLICT, null, body);
        }
        if (writer == null) {
            throw new BusUnavailableException("this process does not write to the model registry");
        }
        AliasAssignment a = new AliasAssignment(task, family, alias, v.version(), System.currentTimeMillis(), move.reason());
        writer.assign(a);
        log.info("alias {} now points at {} ({})", a.key(), a.version(), a.reason());
        return a;
    }

    /** {version, task, family, format, createdAt, metrics, aliases, lineage}: no features, reference, full provenance. */
    private static Map<String, Object> summary(ModelVersion v, List<String> aliases) {
        Map<String, Object> p = v.provenance();
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("trainingRanges", v.trainingRanges());
        lineage.put("config", p.get("config"));
        lineage.put("seed", p.get("seed"));
        lineage.put("dataSource", p.get("dataSource"));
        lineage.put("codeVersion", p.get("codeVersion") != null ? p.get("codeVersion") : v.codeVersion());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("task", v.task());
        m.put("family", v.family());
        m.put("format", v.format());
        m.put("createdAt", v.createdAt());
        m.put("metrics", v.metrics());
        m.put("aliases", aliases);
        m.put("lineage", lineage);
        return m;
    }

    /** The names of the aliases pointing at the version, Production first. */
    private static List<String> aliasesOf(String version, Map<String, AliasAssignment> aliases) {
        return aliases.values().stream().filter(a -> Objects.equals(version, a.version()))
                .map(AliasAssignment::alias).distinct().sorted(ALIAS_ORDER).toList();
    }

    private static HttpRejection unknownVersion(String version) {
        Map<String, Object> body = HttpRejection.error("unknown model version",
                "no model version '" + version + "' in the registry; see GET " + LIST);
        body.put("version", version);
        return new HttpRejection(HttpStatus.NOT_FOUND, null, body);
    }

    private static void checkTask(String task) {
        if (!isTask(task)) {
            throw HttpRejection.invalid(List.of(new FieldError("task", "unknown task '" + task + "'; known: " + taskIds())),
                    RejectReason.INVALID);
        }
    }

    private static boolean isTask(String id) {
        for (Task t : Task.values()) {
            if (t.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> taskIds() {
        return java.util.Arrays.stream(Task.values()).map(Task::id).toList();
    }

    private static AliasMetrics.Reason reasonOf(Throwable e) {
        if (e instanceof HttpRejection r) {
            return switch (r.status()) {
                case FORBIDDEN -> AliasMetrics.Reason.DISABLED;
                case UNAUTHORIZED -> AliasMetrics.Reason.UNAUTHORIZED;
                case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE, CONTENT_TOO_LARGE -> AliasMetrics.Reason.INVALID;
                case NOT_FOUND -> AliasMetrics.Reason.UNKNOWN_VERSION;
                case CONFLICT -> AliasMetrics.Reason.CONFLICT;
                default -> AliasMetrics.Reason.INTERNAL;
            };
        }
        return e instanceof BusUnavailableException ? AliasMetrics.Reason.UNAVAILABLE : AliasMetrics.Reason.INTERNAL;
    }
}

package io.hindsight.gateway.models;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.AdminToken;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RequestBodies;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Bring your own model: {@code POST /v1/models/digits?family=F&alias=A} with the raw ONNX bytes
 * ({@code Content-Type: application/octet-stream}) and {@code Authorization: Bearer <admin token>}.
 * Answers, in the order checked, and changing nothing unless 201:
 * <ul>
 *   <li>403 while no admin token is configured; 401 (with WWW-Authenticate) for a missing or wrong token</li>
 *   <li>400 naming a bad family or alias; 415 for another content type; 413 over the model limit (by its
 *       Content-Length, before reading; or once the bytes read pass it)</li>
 *   <li>422 with the reason when {@link DigitsModelCheck} refuses the model</li>
 *   <li>503 when Kafka did not commit it; 201 with the new version once artifact, version and alias are
 *       committed in one transaction</li>
 * </ul>
 * Checks run one at a time on their own thread, never on the event loop.
 */
public final class ModelUploadHandler implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(ModelUploadHandler.class);
    public static final String PATH = "/v1/models/digits";
    /** The default limit; {@link io.hindsight.gateway.GatewayConfig#maxModelBytes()} sets it. */
    public static final int MAX_MODEL_BYTES = io.hindsight.gateway.GatewayConfig.DEFAULT_MAX_MODEL_BYTES;
    static final Pattern FAMILY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern FILENAME = Pattern.compile("filename\\s*=\\s*\"?([^\";]{1,200})\"?");
    private static final String TASK = Task.DIGITS.id();

    private final AdminToken token;
    private final String gatewayVersion;
    private final DigitsModelCheck check;
    private final ModelRegistryWriter registry;
    private final RequestBodies bodies;
    private final UploadMetrics metrics;
    private final Scheduler checks = Schedulers.newSingle("model-upload-check", true);

    /** @param adminToken null: the route answers 403 */
    public ModelUploadHandler(String adminToken, String gatewayVersion, DigitsModelCheck check,
                              ModelRegistryWriter registry, MeterRegistry meters) {
        this(adminToken, gatewayVersion, check, registry, meters, MAX_MODEL_BYTES);
    }

    /**
     * @param adminToken    null: the route answers 403
     * @param maxModelBytes the largest upload; a larger one is answered 413 without being read
     */
    public ModelUploadHandler(String adminToken, String gatewayVersion, DigitsModelCheck check,
                              ModelRegistryWriter registry, MeterRegistry meters, int maxModelBytes) {
        this.bodies = RequestBodies.octets(maxModelBytes);
        this.token = new AdminToken(adminToken);
        this.gatewayVersion = gatewayVersion;
        this.check = check;
        this.registry = registry;
        this.metrics = new UploadMetrics(meters, TASK);
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of();
    }

    @Override
    public Map<String, HttpMethod> methods() {
        return Map.of(PATH, HttpMethod.POST);
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.POST(PATH, this::upload);
    }

    /** 201 {"version","task","family","alias","sha256","bytes","sampleAccuracy",...}. */
    public Mono<ServerResponse> upload(ServerRequest request) {
        Mono<Uploaded> answer = Mono.defer(() -> {
            token.check(request);
            String family = request.queryParam("family").orElse(null);
            String alias = request.queryParam("alias").orElse(null);
            checkParameters(family, alias);
            return bodies.read(request)
                    .flatMap(bytes -> Mono.fromCallable(() -> checked(bytes)).subscribeOn(checks)
                            .flatMap(report -> Mono.fromCallable(() -> publish(request, family, alias, bytes, report))
                                    .subscribeOn(Schedulers.boundedElastic())));
        });
        return answer.doOnError(e -> metrics.rejected(reasonOf(e)))
                .doOnNext(r -> metrics.accepted())
                .flatMap(body -> JsonResponses.json(HttpStatus.CREATED, Json.write(body)));
    }

    private static void checkParameters(String family, String alias) {
        List<FieldError> errors = new ArrayList<>();
        if (family == null || !FAMILY.matcher(family).matches()) {
            errors.add(new FieldError("family", "required: 1-32 of a-z, 0-9, '-' or '_', starting with a letter"));
        }
        if (alias == null || !Aliases.ALL.contains(alias)) {
            errors.add(new FieldError("alias", "required: one of " + Aliases.ALL));
        }
        if (!errors.isEmpty()) {
            throw HttpRejection.invalid(errors, RejectReason.INVALID);
        }
    }

    private DigitsModelCheck.Report checked(byte[] bytes) {
        try {
            DigitsModelCheck.Report report = check.check(bytes);
            metrics.checked(report.checkMillis());
            return report;
        } catch (InvalidModelException e) {
            Map<String, Object> body = HttpRejection.error("invalid model", e.getMessage());
            throw new HttpRejection(HttpStatus.UNPROCESSABLE_CONTENT, RejectReason.UNPROCESSABLE, body);
        }
    }

    private Uploaded publish(ServerRequest request, String family, String alias, byte[] bytes,
                             DigitsModelCheck.Report report) {
        String sha = Sha256.hex(bytes);
        long now = System.currentTimeMillis();
        String version = "digits-" + family + "-" + sha.substring(0, 12);
        ModelVersion v = new ModelVersion(version, TASK, family, now, ModelVersion.ONNX, sha, bytes.length, List.of(),
                Map.of("sampleAccuracy", report.sampleAccuracy()), provenance(request, bytes.length, sha, now, report),
                List.of(), null);
        AliasAssignment a = new AliasAssignment(TASK, family, alias, version, now, "uploaded through the gateway");
        registry.publish(v, bytes, a);
        log.info("model {} ({} bytes, sample accuracy {}) uploaded as {}/{}", version, bytes.length,
                report.sampleAccuracy(), family, alias);
        return new Uploaded(version, TASK, family, alias, sha, bytes.length, report.sampleAccuracy(), report.samples(),
                report.outputKind(), now);
    }

    private Map<String, Object> provenance(ServerRequest request, int size, String sha, long now,
                                           DigitsModelCheck.Report r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "upload");
        p.put("uploadedAt", Instant.ofEpochMilli(now).toString());
        p.put("uploadedThrough", "hindsight gateway " + gatewayVersion);
        p.put("filename", filename(request));
        p.put("userAgent", clean(request.headers().firstHeader(HttpHeaders.USER_AGENT)));
        p.put("sha256", sha);
        p.put("bytes", size);
        p.put("irVersion", r.irVersion());
        p.put("opsets", r.opsets());
        p.put("opset", r.opsets().get(""));
        p.put("producer", r.producer());
        p.put("producerVersion", r.producerVersion());
        p.put("ops", r.ops());
        p.put("input", Map.of("name", r.inputName(), "shape", r.inputShape()));
        p.put("output", Map.of("name", r.outputName(), "shape", r.outputShape()));
        p.put("outputKind", r.outputKind());
        p.put("sample", Map.of("source", r.sampleSource(), "split", "holdout", "count", r.samples(),
                "accuracy", r.sampleAccuracy()));
        return p;
    }

    /** From {@code Content-Disposition: attachment; filename="..."}, else null. */
    private static String filename(ServerRequest request) {
        String disposition = request.headers().firstHeader(HttpHeaders.CONTENT_DISPOSITION);
        if (disposition == null) {
            return null;
        }
        Matcher m = FILENAME.matcher(disposition);
        return m.find() ? clean(m.group(1)) : null;
    }

    /** Printable text of at most 200 characters, or null. */
    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String printable = s.replaceAll("[\\p{Cntrl}]", "").strip();
        return printable.isEmpty() ? null : printable.substring(0, Math.min(200, printable.length()));
    }

    private static UploadMetrics.Reason reasonOf(Throwable e) {
        if (e instanceof HttpRejection r) {
            return switch (r.status()) {
                case FORBIDDEN -> UploadMetrics.Reason.DISABLED;
                case UNAUTHORIZED -> UploadMetrics.Reason.UNAUTHORIZED;
                case UNSUPPORTED_MEDIA_TYPE -> UploadMetrics.Reason.UNSUPPORTED_TYPE;
                case CONTENT_TOO_LARGE -> UploadMetrics.Reason.TOO_LARGE;
                case BAD_REQUEST -> UploadMetrics.Reason.INVALID_PARAMETERS;
                case UNPROCESSABLE_CONTENT -> UploadMetrics.Reason.INVALID_MODEL;
                default -> UploadMetrics.Reason.INTERNAL;
            };
        }
        return e instanceof BusUnavailableException ? UploadMetrics.Reason.UNAVAILABLE : UploadMetrics.Reason.INTERNAL;
    }

    /** The check thread; stopped with the server. */
    public void close() {
        checks.dispose();
    }

    @JsonPropertyOrder({"version", "task", "family", "alias", "sha256", "bytes", "sampleAccuracy", "samples",
            "outputKind", "createdAt"})
    record Uploaded(String version, String task, String family, String alias, String sha256, long bytes,
                    double sampleAccuracy, int samples, String outputKind, long createdAt) {
    }
}

package io.hindsight.gateway.http;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway answers with a 4xx or 5xx JSON body. Handlers emit it as an error signal;
 * {@link ErrorMapping} writes it and counts it. No stack trace: it is an answer, not a failure.
 */
public final class HttpRejection extends RuntimeException {
    private final HttpStatus status;
    private final RejectReason reason;
    private final byte[] body;
    private final Map<String, String> headers;

    public HttpRejection(HttpStatus status, RejectReason reason, Object body, Map<String, String> headers) {
        super(status.toString(), null, false, false);
        this.status = status;
        this.reason = reason;
        this.body = Json.write(body);
        this.headers = Map.copyOf(headers);
    }

    public HttpRejection(HttpStatus status, RejectReason reason, Object body) {
        this(status, reason, body, Map.of());
    }

    /** 400 {"error":"invalid request","fields":[{"field","message"}]}. */
    public static HttpRejection invalid(List<FieldError> fields, RejectReason reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid request");
        body.put("fields", fields);
        return new HttpRejection(HttpStatus.BAD_REQUEST, reason, body);
    }

    public static HttpRejection tooLarge(int maxBytes) {
        return new HttpRejection(HttpStatus.CONTENT_TOO_LARGE, RejectReason.TOO_LARGE,
                error("request body too large", "the limit is " + maxBytes + " bytes"));
    }

    public static HttpRejection unsupportedMediaType(String contentType) {
        return new HttpRejection(HttpStatus.UNSUPPORTED_MEDIA_TYPE, RejectReason.MALFORMED,
                error("unsupported content type", "send Content-Type: application/json, not " + contentType));
    }

    public static HttpRejection notFound(String message) {
        return new HttpRejection(HttpStatus.NOT_FOUND, null, error("not found", message));
    }

    /** {"error":..,"message":..} in that order. */
    public static Map<String, Object> error(String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("message", message);
        return m;
    }

    public HttpStatus status() {
        return status;
    }

    /** Null for answers that are not counted as rejections (404, 405). */
    public RejectReason reason() {
        return reason;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}

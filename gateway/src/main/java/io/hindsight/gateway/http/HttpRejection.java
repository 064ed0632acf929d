package io.hindsight.gateway.http;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.FieldError;
import java.util.ArrayList;
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
    private final String detail;

    public HttpRejection(HttpStatus status, RejectReason reason, Object body, Map<String, String> headers) {
        super(status.toString(), null, false, false);
        this.status = status;
        this.reason = reason;
        this.body = Json.write(body);
        this.headers = Map.copyOf(headers);
        this.detail = detailOf(body, status);
    }

    public HttpRejection(HttpStatus status, RejectReason reason, Object body) {
        this(status, reason, body, Map.of());
    }

    /**
     * 400 {"error":"invalid request","fields":[{"field","message"}]}, at most {@value #MAX_FIELD_ERRORS} of them
     * (then one more saying how many were left out): a body of a million bad numbers must not be answered with a
     * million errors.
     */
    public static HttpRejection invalid(List<FieldError> fields, RejectReason reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid request");
        body.put("fields", capped(fields));
        return new HttpRejection(HttpStatus.BAD_REQUEST, reason, body);
    }

    /** The most field errors an answer lists. */
    public static final int MAX_FIELD_ERRORS = 20;
    /** The longest message of one field error; the validator quotes values, which may be long. */
    static final int MAX_MESSAGE_CHARS = 300;

    static List<FieldError> capped(List<FieldError> fields) {
        List<FieldError> out = new ArrayList<>(Math.min(fields.size(), MAX_FIELD_ERRORS + 1));
        for (FieldError f : fields) {
            if (out.size() == MAX_FIELD_ERRORS) {
                out.add(new FieldError("$", "and " + (fields.size() - MAX_FIELD_ERRORS) + " more errors"));
                break;
            }
            out.add(new FieldError(cut(f.field()), cut(f.message())));
        }
        return out;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    /** One line for a client that is not reading HTTP bodies (a WebSocket frame, a log line). */
    private static String detailOf(Object body, HttpStatus status) {
        if (body instanceof Map<?, ?> m) {
            if (m.get("fields") instanceof List<?> fields) {
                StringBuilder sb = new StringBuilder();
                for (Object f : fields) {
                    if (f instanceof FieldError e) {
                        sb.append(sb.isEmpty() ? "" : "; ").append(e.field()).append(": ").append(e.message());
                    }
                }
                return sb.toString();
            }
            if (m.get("message") != null) {
                return m.get("error") + ": " + m.get("message");
            }
        }
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
    }

    public static HttpRejection tooLarge(int maxBytes) {
        return new HttpRejection(HttpStatus.CONTENT_TOO_LARGE, RejectReason.TOO_LARGE,
                error("request body too large", "the limit is " + maxBytes + " bytes"));
    }

    public static HttpRejection unsupportedMediaType(String contentType) {
        return unsupportedMediaType("application/json", contentType);
    }

    public static HttpRejection unsupportedMediaType(String expected, String contentType) {
        return new HttpRejection(HttpStatus.UNSUPPORTED_MEDIA_TYPE, RejectReason.MALFORMED,
                error("unsupported content type", "send Content-Type: " + expected + ", not " + contentType));
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

    /** The rejection in one line: "field: message; ..." for invalid input, else "error: message". */
    public String detail() {
        return detail;
    }
}

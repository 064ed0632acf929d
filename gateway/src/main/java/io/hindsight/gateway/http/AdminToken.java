package io.hindsight.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The bearer token of the admin writes (model upload, alias move, promotion override), checked before anything
 * else of the request is looked at (its body is not read):
 * <ul>
 *   <li>403 {"error":"forbidden","message":"admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN"} while no token
 *       is configured. 403 rather than 503: it is how this gateway is set up, not an outage, and retrying will
 *       not help.</li>
 *   <li>401 with {@code WWW-Authenticate: Bearer realm="hindsight-admin"} for a missing or wrong token.</li>
 * </ul>
 * The SHA-256 digests of the given and the configured token are compared with {@link MessageDigest#isEqual}: the
 * time taken depends on neither token's content nor length. The token is never printed.
 */
public final class AdminToken {
    public static final String DISABLED_MESSAGE = "admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN";
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    /** @param adminToken null: every admin request is answered 403 */
    public AdminToken(String adminToken) {
        this.digest = adminToken == null ? null : sha256(adminToken);
    }

    /** @throws HttpRejection 403 or 401 unless the request carries {@code Authorization: Bearer <admin token>} */
    public void check(ServerRequest request) {
        if (digest == null) {
            throw new HttpRejection(HttpStatus.FORBIDDEN, RejectReason.FORBIDDEN,
                    HttpRejection.error("forbidden", DISABLED_MESSAGE));
        }
        String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (!matches(header)) {
            throw new HttpRejection(HttpStatus.UNAUTHORIZED, RejectReason.UNAUTHORIZED,
                    HttpRejection.error("unauthorized", header == null
                            ? "send Authorization: Bearer <admin token>" : "the admin token does not match"),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hindsight-admin\""));
        }
    }

    /** True when the Authorization header is {@code Bearer <the token>} (the scheme in any case). */
    boolean matches(String header) {
        if (digest == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring(BEARER.length()).strip()), digest); // constant time
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

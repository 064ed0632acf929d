package io.hindsight.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The bearer token of the admin routes (model upload, alias moves): 403 while none is configured, 401 with
 * WWW-Authenticate for a missing or wrong one. Compared in constant time; never printed.
 */
public final class AdminToken {
    private final byte[] token;

    /** @param adminToken null: every admin request is answered 403 */
    public AdminToken(String adminToken) {
        this.token = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws HttpRejection 403 or 401 unless the request carries {@code Authorization: Bearer <admin token>} */
    public void check(ServerRequest request) {
        if (token == null) {
            throw new HttpRejection(HttpStatus.FORBIDDEN, RejectReason.FORBIDDEN,
                    HttpRejection.error("forbidden", "admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN"));
        }
        String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) { // constant time
            throw new HttpRejection(HttpStatus.UNAUTHORIZED, RejectReason.UNAUTHORIZED,
                    HttpRejection.error("unauthorized", header == null
                            ? "send Authorization: Bearer <admin token>" : "the admin token does not match"),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hindsight-admin\""));
        }
    }
}

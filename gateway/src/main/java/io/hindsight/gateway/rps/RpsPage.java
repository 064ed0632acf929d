package io.hindsight.gateway.rps;

import io.hindsight.gateway.http.JsonResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The rock-paper-scissors page: plain HTML, CSS and JavaScript from the classpath ({@code /web/rps}), read once
 * at start. No build step and nothing from another origin: the Content-Security-Policy allows this origin only.
 */
public final class RpsPage {
    public static final String PATH = "/rps";
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Asset(MediaType type, byte[] bytes) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public RpsPage() {
        assets.put(PATH, load("index.html", "text/html"));
        assets.put(PATH + "/rps.css", load("rps.css", "text/css"));
        assets.put(PATH + "/rps.js", load("rps.js", "text/javascript"));
    }

    /** The paths served, each a GET route. */
    public Iterable<String> paths() {
        return assets.keySet();
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        Asset a = assets.get(request.requestPath().pathWithinApplication().value());
        return ServerResponse.ok()
                .contentType(a.type())
                .contentLength(a.bytes().length)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .body(JsonResponses.inserter(a.bytes()));
    }

    private static Asset load(String name, String type) {
        String resource = "/web/rps/" + name;
        try (InputStream in = RpsPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new Asset(MediaType.parseMediaType(type + "; charset=utf-8"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}

package io.hindsight.gateway.http;

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
 * A product page: plain HTML, CSS and JavaScript from the classpath ({@code /web/<name>}), read once at start.
 * No build step and nothing from another origin: the Content-Security-Policy allows this origin only.
 */
public final class ClasspathPage {
    public static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Asset(MediaType type, byte[] bytes) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** {@code /<name>} serves {@code /web/<name>/index.html}; {@code /<name>/<name>.css|.js} its style and script. */
    public ClasspathPage(String name) {
        String path = "/" + name;
        assets.put(path, load(name, "index.html", "text/html"));
        assets.put(path + "/" + name + ".css", load(name, name + ".css", "text/css"));
        assets.put(path + "/" + name + ".js", load(name, name + ".js", "text/javascript"));
    }

    /** The paths served, each a GET route. */
    public Iterable<String> paths() {
        return assets.keySet();
    }

    /** The asset with its caching and security headers. */
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

    private static Asset load(String folder, String name, String type) {
        String resource = "/web/" + folder + "/" + name;
        try (InputStream in = ClasspathPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new Asset(MediaType.parseMediaType(type + "; charset=utf-8"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}

package io.hindsight.gateway.dashboard;

import io.hindsight.gateway.http.JsonResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The dashboard page: plain HTML, CSS and JavaScript from the classpath ({@code /web/dashboard}) and uPlot from
 * its WebJar ({@code org.webjars.npm:uplot}), all read once at start. No build step, nothing from another origin:
 * the Content-Security-Policy allows this origin only.
 */
public final class DashboardPage {
    public static final String PATH = "/dashboard";
    public static final String UPLOT_JS = PATH + "/vendor/uPlot.iife.min.js";
    public static final String UPLOT_CSS = PATH + "/vendor/uPlot.min.css";
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private record Asset(MediaType type, byte[] bytes, String cacheControl) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** @param tasks the tasks this gateway serves, in the order the page shows them */
    public DashboardPage(List<String> tasks) {
        this(tasks, List.of());
    }

    /**
     * @param tasks      the tasks this gateway serves, in the order the page shows them
     * @param driftTasks those of them with drift reports, in the order the page's drift section shows them
     */
    public DashboardPage(List<String> tasks, List<String> driftTasks) {
        String html = new String(read("/web/dashboard/index.html"), StandardCharsets.UTF_8)
                .replace("DRIFT_TASKS", String.join(" ", driftTasks))
                .replace("TASKS", String.join(" ", tasks));
        assets.put(PATH, new Asset(type("text/html"), html.getBytes(StandardCharsets.UTF_8), "no-cache"));
        assets.put(PATH + "/dashboard.css", new Asset(type("text/css"), read("/web/dashboard/dashboard.css"), "no-cache"));
        assets.put(PATH + "/dashboard.js", new Asset(type("text/javascript"), read("/web/dashboard/dashboard.js"), "no-cache"));
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        // The library's bytes change only with its version, which is in the WebJar, not in the URL: revalidate daily.
        assets.put(UPLOT_JS, new Asset(type("text/javascript"), read(uplot + "uPlot.iife.min.js"), "max-age=86400"));
        assets.put(UPLOT_CSS, new Asset(type("text/css"), read(uplot + "uPlot.min.css"), "max-age=86400"));
    }

    /** The uPlot version of the WebJar on the classpath. */
    public static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = DashboardPage.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException(UPLOT_POM + " is not on the classpath: the uplot WebJar is missing");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + UPLOT_POM, e);
        }
        return p.getProperty("version");
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
                .header(HttpHeaders.CACHE_CONTROL, a.cacheControl())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .body(JsonResponses.inserter(a.bytes()));
    }

    private static MediaType type(String type) {
        return MediaType.parseMediaType(type + "; charset=utf-8");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}

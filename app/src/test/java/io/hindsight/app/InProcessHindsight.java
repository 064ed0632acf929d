package io.hindsight.app;

import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

/** Every role in this JVM on an embedded broker, with a temporary data dir, ready before it is returned. */
final class InProcessHindsight implements AutoCloseable {
    private final Hindsight hindsight;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private InProcessHindsight(Hindsight hindsight) {
        this.hindsight = hindsight;
        this.base = "http://localhost:" + hindsight.httpPort();
    }

    static InProcessHindsight start(String name, DigitsFirstStartMode digits) throws Exception {
        return start(name, digits, java.util.function.UnaryOperator.identity());
    }

    static InProcessHindsight start(String name, DigitsFirstStartMode digits, java.util.function.UnaryOperator<Settings> adjust)
            throws Exception {
        Settings settings = adjust.apply(Settings.forTest(Files.createTempDirectory("hindsight-" + name + "-"),
                EmbeddedKafka.freePort(), digits));
        Hindsight hindsight = new Hindsight(settings, BuildInfo.load());
        hindsight.start();
        InProcessHindsight app = new InProcessHindsight(hindsight);
        await().atMost(Duration.ofSeconds(120)).until(() -> app.get("/readyz").statusCode() == 200);
        return app;
    }

    String base() {
        return base;
    }

    String bootstrapServers() {
        return hindsight.bootstrapServers();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        hindsight.close();
    }
}

package io.hindsight.simulator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link HttpTransport} on java.net.http.HttpClient, HTTP/1.1 with keep-alive. */
final class JdkHttpTransport implements HttpTransport {
    private final HttpClient client;
    private final String origin;
    private final Duration timeout;

    JdkHttpTransport(URI base, Duration timeout) {
        this.origin = base.getScheme() + "://" + base.getRawAuthority();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Response post(String path, byte[] json) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is AutoCloseable only from Java 21; its connections go with the client.
    }
}

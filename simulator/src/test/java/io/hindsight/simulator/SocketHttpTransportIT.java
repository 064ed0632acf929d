package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The light HTTP client against a raw socket server that misbehaves the ways real servers do. */
class SocketHttpTransportIT {

    /** Answers one request per connection with the given response, then closes the connection. */
    private static final class OneShotServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final Thread thread;

        OneShotServer(String response) throws IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        requestLines.add(in.readLine());
                        int length = 0;
                        String h;
                        while (!(h = in.readLine()).isEmpty()) {
                            if (h.toLowerCase().startsWith("content-length:")) {
                                length = Integer.parseInt(h.substring(15).trim());
                            }
                        }
                        in.read(new char[length]);
                        OutputStream out = s.getOutputStream();
                        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "one-shot-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void retriesOnAFreshConnectionWhenTheServerDroppedAKeptAliveOne() throws IOException {
        // claims keep-alive (HTTP/1.1, no Connection header) yet closes after each answer
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
             SocketHttpTransport client = new SocketHttpTransport(server.uri(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 3; i++) {
                HttpTransport.Response r = client.post("/predict", "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
                assertThat(r.status()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
            }
            assertThat(server.requestLines).hasSize(3).allMatch("POST /predict HTTP/1.1"::equals);
        }
    }

    @Test
    void readsABodyWithoutLengthToTheEndAndHonoursConnectionClose() throws IOException {
        try (OneShotServer server = new OneShotServer("HTTP/1.0 422 Unprocessable\r\nContent-Type: application/json\r\n\r\n{\"detail\":[]}");
             SocketHttpTransport client = new SocketHttpTransport(server.uri(), Duration.ofSeconds(5))) {
            HttpTransport.Response r = client.post("/x", new byte[] {'{', '}'});
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.isSuccess()).isFalse();
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"detail\":[]}");
            assertThat(client.post("/x", new byte[] {'{', '}'}).status()).isEqualTo(422);
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void aRefusedConnectionIsCountedAsSuch() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpTarget target = new HttpTarget(new SocketHttpTransport(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)),
                URI.create("http://127.0.0.1:" + port), Routes.SEED, Task.CALORIES)) {
            assertThat(target.predict("1", new byte[] {'{', '}'}).errorKind()).isEqualTo("connect refused");
        }
    }
}

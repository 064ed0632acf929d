package io.hindsight.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hindsight.contracts.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's rps HTTP API on a free loopback port, playing real games with a {@link RpsReferee}:
 * POST /v1/rps/games, POST /v1/rps/games/{id}/moves, GET /v1/rps/games/{id}.
 */
final class RpsHttpServer implements AutoCloseable {
    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final RpsReferee referee;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    RpsHttpServer(RpsReferee referee) throws IOException {
        this.referee = referee;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/rps/games", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String rest = ex.getRequestURI().getPath().substring("/v1/rps/games".length());
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.split("/");
        String method = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        RpsReferee.Answer a;
        if (parts.length == 0 && method.equals("POST")) {
            JsonNode n = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.tree(body);
            a = referee.start(n.path("easy").asBoolean(false), n.path("family").isString() ? n.get("family").asString() : null);
        } else if (parts.length == 3 && parts[2].equals("moves") && method.equals("POST")) {
            JsonNode n = Json.tree(body);
            a = n.path("round").isInt() && n.path("move").isString()
                    ? referee.move(parts[1], n.get("round").intValue(), n.get("move").asString())
                    : RpsReferee.Answer.error(400, "a move needs round and move");
        } else if (parts.length == 2 && method.equals("GET")) {
            a = referee.get(parts[1]);
        } else {
            a = RpsReferee.Answer.error(404, "no route");
        }
        String json;
        if (a.reason() == null) {
            json = Json.writeString(a.view());
        } else {
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("status", a.status());
            e.put("reason", a.reason());
            json = Json.writeString(e);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

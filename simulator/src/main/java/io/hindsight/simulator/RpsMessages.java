package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGameView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulator puts on the wire to play rps, per way in: the gateway's HTTP bodies, its WebSocket
 * messages, and the {@link RpsCommand} records on rps.moves; and how it reads a game back.
 */
final class RpsMessages {
    private RpsMessages() {
    }

    /** POST /v1/rps/games: {@code {"easy":false}} plus {@code "family"} when one was chosen. */
    static byte[] httpStart(boolean easy, String family) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("easy", easy);
        if (family != null) {
            n.put("family", family);
        }
        return Json.write(n);
    }

    /** POST /v1/rps/games/{id}/moves: {@code {"round":N,"move":"rock"}}. */
    static byte[] httpMove(int round, Move move) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("round", round);
        n.put("move", move.id());
        return Json.write(n);
    }

    /** WebSocket: {@code {"type":"start","easy":false,"family":null}}. */
    static String wsStart(boolean easy, String family) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("type", "start");
        n.put("easy", easy);
        n.put("family", family);
        return Json.writeString(n);
    }

    /** WebSocket: {@code {"type":"move","round":N,"move":"rock"}}; the connection knows its game. */
    static String wsMove(int round, Move move) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("type", "move");
        n.put("round", round);
        n.put("move", move.id());
        return Json.writeString(n);
    }

    /** The rps.moves value that starts {@code gameId}. */
    static byte[] kafkaStart(String gameId, boolean easy, String family) {
        return Json.write(RpsCommand.start(gameId, easy, family));
    }

    /** The rps.moves value of a move in {@code round}. */
    static byte[] kafkaMove(String gameId, int round, Move move) {
        return Json.write(RpsCommand.move(gameId, round, move));
    }

    /** A game view from an HTTP body or a Kafka value. */
    static RpsGameView view(byte[] json) throws RpsCallException {
        try {
            return checked(Json.read(json, RpsGameView.class));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RpsCallException("bad answer", "not a game: " + e.getMessage());
        }
    }

    /** A WebSocket message: {@code {"type":"state","game":..}} or {@code {"type":"error","status":409,"reason":..}}. */
    static RpsGameView wsState(String text) throws RpsCallException {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new RpsCallException("bad answer", "not JSON");
        }
        String type = n.path("type").asString("");
        if (type.equals("error")) {
            int status = n.path("status").asInt(0);
            throw new RpsCallException(status > 0 ? "ws " + status : "ws error", n.path("reason").asString(""));
        }
        if (!type.equals("state") || !n.path("game").isObject()) {
            throw new RpsCallException("bad answer", "unexpected message type '" + type + "'");
        }
        try {
            return checked(Json.convert(n.get("game"), RpsGameView.class));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RpsCallException("bad answer", "not a game: " + e.getMessage());
        }
    }

    private static RpsGameView checked(RpsGameView v) throws RpsCallException {
        if (v == null || v.gameId() == null || v.status() == null) {
            throw new RpsCallException("bad answer", "a game needs gameId and status");
        }
        return v;
    }
}

package io.hindsight.predictor;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.predictor.registry.RpsTestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/** rps.requests values as the game processor writes them, or broken on purpose. */
public final class RpsRequests {

    private RpsRequests() {
    }

    /** Round {@code round} of game {@code gameId}, played by (family, alias); the player's last move is {@code round % 3}. */
    public static RpsRequest request(String gameId, int round, String family, String alias) {
        double[] f = RpsTestModels.row(new Random(gameId.hashCode() * 31L + round), round % 3);
        List<Double> features = new ArrayList<>(f.length);
        for (double v : f) {
            features.add(v);
        }
        return new RpsRequest(RpsRequest.idOf(gameId, round), gameId, round, family, alias, features);
    }

    public static byte[] json(RpsRequest r) {
        return Json.write(r);
    }

    /** The request with one field replaced, or removed when {@code value} is null. */
    public static byte[] with(RpsRequest r, String field, Object value) {
        ObjectNode node = Json.MAPPER.valueToTree(r);
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, Json.MAPPER.valueToTree(value));
        }
        return Json.MAPPER.writeValueAsBytes(node);
    }
}

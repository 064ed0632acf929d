package io.hindsight.predictor;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Request values as any client would write them: JSON with string or numeric ids, or broken on purpose. */
public final class CaloriesRequests {
    public static final byte[] MALFORMED = "{\"id\": \"bad-json\", \"Sex\": ".getBytes(StandardCharsets.UTF_8);

    private CaloriesRequests() {
    }

    /** Deterministic exercise records with the given ids. */
    public static List<CaloriesRecord> records(long seed, List<String> ids) {
        CaloriesGenerator g = new CaloriesGenerator(seed);
        return ids.stream().map(id -> g.next().record().withId(id)).toList();
    }

    public static byte[] json(CaloriesRecord r) {
        return Json.write(r);
    }

    /** The same record with {@code "id": 123} rather than {@code "id": "123"}. */
    public static byte[] jsonWithNumericId(CaloriesRecord r) {
        ObjectNode node = Json.MAPPER.valueToTree(r);
        node.put("id", Long.parseLong(r.id()));
        return Json.MAPPER.writeValueAsBytes(node);
    }

    /** The record with one field replaced: {@code with(r, "Age", -5)}. */
    public static byte[] with(CaloriesRecord r, String field, Object value) {
        ObjectNode node = Json.MAPPER.valueToTree(r);
        node.set(field, Json.MAPPER.valueToTree(value));
        return Json.MAPPER.writeValueAsBytes(node);
    }
}

package io.hindsight.simulator;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import java.math.BigDecimal;
import tools.jackson.databind.node.ObjectNode;

/** The two bodies the simulator sends, in the seed-004 / calories.requests and calories.feedback formats. */
public final class WireJson {
    private WireJson() {
    }

    /** {@code {"id":..,"Sex":..,"Age":..,"Height":..,"Weight":..,"Duration":..,"Heart_Rate":..,"Body_Temp":..}}. */
    public static byte[] request(Object id, CaloriesRecord r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        putId(n, id);
        n.put("Sex", r.sex());
        n.put("Age", r.age());
        n.put("Height", r.height());
        n.put("Weight", r.weight());
        n.put("Duration", r.duration());
        n.put("Heart_Rate", r.heartRate());
        n.put("Body_Temp", r.bodyTemp());
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** {@code {"id":..,"Calories":<truth>,"ts":<epoch seconds, millisecond precision>}}. */
    public static byte[] feedback(Object id, double calories, long epochMillis) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        putId(n, id);
        n.put("Calories", calories);
        n.put("ts", BigDecimal.valueOf(epochMillis, 3));
        return Json.MAPPER.writeValueAsBytes(n);
    }

    private static void putId(ObjectNode n, Object id) {
        if (id instanceof Long l) {
            n.put("id", l.longValue());
        } else {
            n.put("id", id.toString());
        }
    }
}

package io.hindsight.simulator;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies the simulator sends, in the formats of calories.requests / calories.feedback (also seed-004's)
 * and digits.requests / digits.feedback, and what it reads from a digits answer.
 */
public final class WireJson {
    /** Bitmap values go out with this many decimals: finer than a canvas's 8 bits, and a third of the size. */
    private static final double BITMAP_SCALE = 1000.0;

    private WireJson() {
    }

    /** {@code {"id":..,"Sex":..,"Age":..,"Height":..,"Weight":..,"Duration":..,"Heart_Rate":..,"Body_Temp":..}}. */
    public static byte[] request(Object id, CaloriesRecord r) {
        ObjectNode n = withId(id);
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
        ObjectNode n = withId(id);
        n.put("Calories", calories);
        return withTs(n, epochMillis);
    }

    /** {@code {"id":..,"pixels":[784 values 0..1]}}: an MNIST digit as the models take it, paper written as 0. */
    public static byte[] digitsPixels(Object id, float[] pixels) {
        ObjectNode n = withId(id);
        ArrayNode a = n.putArray("pixels");
        for (float v : pixels) {
            if (v == 0f) {
                a.add(0);
            } else {
                a.add(v);
            }
        }
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** {@code {"id":..,"bitmap":{"width":..,"height":..,"data":[width x height values 0..1]}}}: a canvas, row-major. */
    public static byte[] digitsBitmap(Object id, int width, int height, double[] data) {
        if (data.length != width * height) {
            throw new IllegalArgumentException(data.length + " values are not a " + width + "x" + height + " bitmap");
        }
        ObjectNode n = withId(id);
        ObjectNode bitmap = n.putObject("bitmap");
        bitmap.put("width", width);
        bitmap.put("height", height);
        ArrayNode a = bitmap.putArray("data");
        for (double v : data) {
            long scaled = Math.round(Math.max(0, Math.min(1, v)) * BITMAP_SCALE);
            if (scaled == 0) {
                a.add(0);
            } else {
                a.add(scaled / BITMAP_SCALE);
            }
        }
        return Json.MAPPER.writeValueAsBytes(n);
    }

    /** {@code {"id":..,"label":0..9,"ts":<epoch seconds, millisecond precision>}}. */
    public static byte[] digitsFeedback(Object id, int label, long epochMillis) {
        ObjectNode n = withId(id);
        n.put("label", label);
        return withTs(n, epochMillis);
    }

    /** The class a digits answer names (its "digit", 0..9), or -1 when the body names none or is not JSON. */
    public static int answeredDigit(byte[] body) {
        if (body == null || body.length == 0) {
            return -1;
        }
        try {
            JsonNode digit = Json.tree(body).path("digit");
            return digit.isInt() && digit.intValue() >= 0 && digit.intValue() <= 9 ? digit.intValue() : -1;
        } catch (JacksonException e) {
            return -1;
        }
    }

    private static ObjectNode withId(Object id) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (id instanceof Long l) {
            n.put("id", l.longValue());
        } else {
            n.put("id", id.toString());
        }
        return n;
    }

    private static byte[] withTs(ObjectNode n, long epochMillis) {
        n.put("ts", BigDecimal.valueOf(epochMillis, 3));
        return Json.MAPPER.writeValueAsBytes(n);
    }
}

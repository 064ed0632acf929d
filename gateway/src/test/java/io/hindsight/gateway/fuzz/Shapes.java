package io.hindsight.gateway.fuzz;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.fuzz.MalformedJson.Field;
import io.hindsight.gateway.fuzz.MalformedJson.Shape;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** The bodies and frames of the gateway's entry points, as {@link MalformedJson} breaks them. */
public final class Shapes {
    /** The digits model version the fuzzed registry holds (digits/cnn). */
    public static final String CNN = "digits-cnn-aaaaaaaaaaaa";

    public static final JsonNode STROKES = tree("{\"width\":280,\"height\":280,\"pen\":20,\"lines\":[[[140,40],[140,240]]]}");
    private static final JsonNode[] BROKEN_STROKES = {
        tree("{\"width\":280}"),
        tree("{\"width\":280,\"height\":280,\"lines\":[]}"),
        tree("{\"width\":\"a\",\"height\":280,\"lines\":[[[1,2]]]}"),
        tree("{\"width\":280,\"height\":280,\"lines\":[[[1,2,3]]]}"),
        tree("{\"width\":280,\"height\":280,\"lines\":[[[1e9,2]]]}"),
        tree("{\"width\":99999,\"height\":280,\"lines\":[[[1,2]]]}"),
        tree("{\"width\":280,\"height\":280,\"lines\":[[[1,2]]],\"z\":1}"),
        tree("{\"width\":280,\"height\":280,\"pen\":0,\"lines\":[[[1,2]]]}"),
        tree("{\"width\":280,\"height\":280,\"lines\":[[[\"a\",2]]]}"),
    };

    public static final Shape CALORIES_PREDICT = Shape.of("calories predict",
            Field.id("id", false),
            Field.oneOf("Sex", true, "male", "female"),
            Field.number("Age", true, 1, 120, 30),
            Field.number("Height", true, 50, 260, 180),
            Field.number("Weight", true, 10, 400, 80),
            Field.number("Duration", true, 0, 600, 20),
            Field.number("Heart_Rate", true, 30, 250, 100),
            Field.number("Body_Temp", true, 30, 45, 40));

    public static final Shape CALORIES_FEEDBACK = Shape.of("calories feedback",
            Field.id("id", true),
            Field.number("Calories", true, 0, 100_000, 150),
            Field.number("ts", false, 0, Double.POSITIVE_INFINITY, 1.7e9));

    public static final Shape DIGITS_PREDICT = Shape.of("digits predict",
            Field.id("id", false),
            Field.object("strokes", true, STROKES, BROKEN_STROKES),
            Field.bool("draft", false));

    public static final Shape DIGITS_FEEDBACK = Shape.of("digits feedback",
            Field.id("id", true),
            Field.integer("label", true, 0, 9),
            Field.number("ts", false, 0, Double.POSITIVE_INFINITY, 1.7e9));

    public static final Shape RPS_START = Shape.of("rps start",
            Field.bool("easy", false).orNull(),
            Field.oneOf("family", false, "forrest", "logan", "brian").orNull().orEmpty()).acceptingEmpty();

    public static final Shape RPS_MOVE = Shape.of("rps move",
            Field.integer("round", true, 1, 200),
            Field.oneOf("move", true, "rock", "paper", "scissors"));

    public static final Shape ALIAS_MOVE = Shape.of("alias move",
            Field.text("version", true, CNN, 200),
            Field.text("reason", false, "fuzz", 500).orNull().orBlank());

    public static final Shape OVERRIDE = Shape.of("promotion override",
            Field.oneOf("task", true, "digits", "calories", "rps"),
            Field.text("family", true, "cnn", 64, "Has Caps", "with space", "-lead", "ünï", "a/b"),
            Field.oneOf("alias", true, Aliases.ALL.toArray(String[]::new)),
            Field.text("version", true, CNN, 200),
            Field.text("reason", true, "the fuzzer says so", 500)).refusingUnknownFields();

    /** Not a drawing id ([A-Za-z0-9_-]{1,64}). */
    private static final String[] BAD_IDS = {"bad id!", "x".repeat(65), "a.b", "ü"};
    /** Not a game id ([A-Za-z0-9._-]{1,64}). */
    private static final String[] BAD_GAME_IDS = {"bad id!", "x".repeat(65), "ü", "a/b"};

    /** /v1/rps/live frames: start, move, resume. */
    public static final Shape RPS_START_FRAME = Shape.of("rps start frame",
            Field.oneOf("type", true, "start"),
            Field.bool("easy", false).orNull(),
            Field.oneOf("family", false, "forrest", "logan", "brian").orNull().orEmpty());

    public static final Shape RPS_MOVE_FRAME = Shape.of("rps move frame",
            Field.oneOf("type", true, "move"),
            Field.integer("round", true, 1, 200),
            Field.oneOf("move", true, "rock", "paper", "scissors"),
            Field.text("gameId", false, "g-1", 64, BAD_GAME_IDS).orNull());

    public static final Shape RPS_RESUME_FRAME = Shape.of("rps resume frame",
            Field.oneOf("type", true, "resume"),
            Field.text("gameId", true, "g-1", 64, BAD_GAME_IDS));

    /** /v1/digits/live frames: draft, answer. */
    public static final Shape DIGITS_DRAFT_FRAME = Shape.of("digits draft frame",
            Field.oneOf("type", true, "draft"),
            Field.text("drawing", true, "d1", 64, BAD_IDS),
            Field.object("strokes", true, STROKES, BROKEN_STROKES));

    public static final Shape DIGITS_ANSWER_FRAME = Shape.of("digits answer frame",
            Field.oneOf("type", true, "answer"),
            Field.text("drawing", true, "d1", 64, BAD_IDS),
            Field.object("strokes", true, STROKES, BROKEN_STROKES),
            Field.integer("label", true, 0, 9));

    private Shapes() {
    }

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }
}

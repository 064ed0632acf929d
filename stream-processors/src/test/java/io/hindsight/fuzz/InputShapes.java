package io.hindsight.fuzz;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.fuzz.MalformedRecords.Sample;
import io.hindsight.fuzz.MalformedRecords.Shape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The {@link Shape}s of this module's input topics: valid records to break, each topic's own meaningless values,
 * and each contract ({@link Shape#accepted}) written from the topic's JSON Schema and key rules, not from the
 * consumer's code.
 */
public final class InputShapes {
    /** Rounds at or past this are never the one a fuzzed live game is in: a move for them is out of turn. */
    public static final int OUT_OF_TURN_FROM = 50;

    private static final WireReader<PredictionRecord> PREDICTION =
            new WireReader<>(Topics.calories().predictions().schema(), PredictionRecord.class);
    private static final WireReader<RollingMetrics> ROLLING = new WireReader<>(Topics.METRICS_ROLLING.schema(), RollingMetrics.class);
    private static final WireReader<ModelVersion> MODEL = new WireReader<>(Topics.MODELS.schema(), ModelVersion.class);
    private static final WireReader<AliasAssignment> ALIAS = new WireReader<>(Topics.MODEL_ALIASES.schema(), AliasAssignment.class);

    private InputShapes() {
    }

    // ---- rps ----

    /**
     * {@code rps.moves}: starts and moves of games nobody started, and of {@code liveGames}. Accepted: a
     * schema-valid start whose key is absent or its gameId (it starts a game, or is a retry), and a move of a live
     * game before round {@link #OUT_OF_TURN_FROM}; every other command is dead-lettered.
     */
    public static Shape rpsMoves(Set<String> liveGames) {
        List<String> live = List.copyOf(liveGames);
        List<BiFunction<Random, Sample, Sample>> semantic = new ArrayList<>(List.of(
                field("round", 0, -1, 201, 1_000_000, 1.5, 2_147_483_648L),
                field("move", "lizard", "Rock", "ROCK", "", " rock"),
                field("type", "quit", "START", "", "moves"),
                field("family", "bob", "Forrest", ""),
                field("easy", "yes", 1),
                field("ts", -1, -1e-9),
                (rnd, s) -> {
                    String id = pickOf(rnd, "", "has space", "x".repeat(65), "ünï", "../etc", "a/b", "a:b");
                    s.object().put("gameId", id);
                    return s.withKey(id);
                },
                (rnd, s) -> { // a well-formed move of a game nobody started
                    String id = (String) s.object().get("gameId");
                    return s.withBody(tree(RpsCommand.move(id, 1 + rnd.nextInt(3), Move.ofIndex(rnd.nextInt(3)))));
                },
                (rnd, s) -> { // a well-formed start under another game's key
                    String id = (String) s.object().get("gameId");
                    return new Sample(id + "-other", tree(RpsCommand.start(id, false, null)));
                }));
        if (!live.isEmpty()) {
            semantic.add((rnd, s) -> { // a live game's move for a round it is not in
                String id = live.get(rnd.nextInt(live.size()));
                return new Sample(rnd.nextInt(4) == 0 ? null : id, tree(RpsCommand.move(id,
                        OUT_OF_TURN_FROM + rnd.nextInt(RpsRules.MAX_ROUNDS - OUT_OF_TURN_FROM + 1), Move.ofIndex(rnd.nextInt(3)))));
            });
        }
        return new Shape(Topics.RPS_MOVES.name(), rnd -> {
            String id = "fz-" + Integer.toString(rnd.nextInt(1 << 30), 36);
            RpsCommand c = rnd.nextBoolean()
                    ? RpsCommand.start(id, rnd.nextBoolean(), rnd.nextBoolean() ? null : RpsRules.FAMILIES.get(rnd.nextInt(3)))
                    : RpsCommand.move(id, 1 + rnd.nextInt(RpsRules.MAX_ROUNDS), Move.ofIndex(rnd.nextInt(3)));
            return new Sample(id, tree(c));
        }, true, true, semantic, j -> {
            Parsed<RpsCommand> p = read(RpsWire.COMMAND, j.value());
            if (!p.isOk()) {
                return false;
            }
            RpsCommand c = p.value();
            String key = j.key() == null || j.key().length == 0 ? null : j.keyString();
            if (key != null && !key.equals(c.gameId())) {
                return false;
            }
            return c.starts() || (liveGames.contains(c.gameId()) && c.round() < OUT_OF_TURN_FROM);
        });
    }

    /**
     * {@code rps.predictions} (read leniently, by the game id in the request id): predictions of games nobody
     * started, and of {@code liveGames} for rounds they are not waiting on. Accepted: anything that names a live
     * game at a round before {@link #OUT_OF_TURN_FROM}, which might move its bot.
     */
    public static Shape rpsPredictions(Set<String> liveGames) {
        List<BiFunction<Random, Sample, Sample>> semantic = new ArrayList<>(List.of(
                (rnd, s) -> requestId(s, pickOf(rnd, "g", "g:0", "g:-1", "g:x", ":4", "g:", "g:4.5", "g:99999999999", "::",
                        "g:+4", "g: 4")),
                field("served", (Object) null),
                field("shadows", "none", 3),
                (rnd, s) -> {
                    s.object().put("served", tree(new ModelOutput("forrest", "v", "Production", 0,
                            List.of(1.5, -0.5, 0.0))));
                    return s;
                }));
        if (!liveGames.isEmpty()) {
            List<String> live = List.copyOf(liveGames);
            semantic.add((rnd, s) -> requestId(s, live.get(rnd.nextInt(live.size())) + ":"
                    + (OUT_OF_TURN_FROM + rnd.nextInt(100))));
        }
        return new Shape(Topics.of(Task.RPS).predictions().name(), rnd -> {
            String id = "fz-" + Integer.toString(rnd.nextInt(1 << 30), 36) + ":" + (4 + rnd.nextInt(100));
            double a = rnd.nextDouble();
            double b = rnd.nextDouble() * (1 - a);
            ModelOutput served = new ModelOutput("forrest", "forrest-v" + rnd.nextInt(9), "Production", 0, List.of(a, b, 1 - a - b));
            return new Sample(id, tree(new PredictionRecord(id, "rps", served, List.of(), 1L, 2L, false)));
        }, true, false, semantic, j -> {
            PredictionRecord p;
            try {
                p = Json.read(j.value(), PredictionRecord.class);
            } catch (RuntimeException e) {
                return false;
            }
            if (p == null || p.requestId() == null) {
                return false;
            }
            int colon = p.requestId().lastIndexOf(':');
            if (colon <= 0 || !liveGames.contains(p.requestId().substring(0, colon))) {
                return false;
            }
            try {
                return Integer.parseInt(p.requestId().substring(colon + 1)) < OUT_OF_TURN_FROM;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    // ---- requests ----

    /** {@code calories.requests}: the key does not matter (requests are re-keyed by body id). Accepted: the schema's. */
    public static Shape caloriesRequests(long seed) {
        CaloriesGenerator g = new CaloriesGenerator(seed, 1_000_000_000L);
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                field("Age", 0, 121, -1, 1e9),
                field("Height", 49.9, 261, 0),
                field("Weight", 9.9, 401, -70),
                field("Duration", -1, 601, -0.0001),
                field("Heart_Rate", 29, 251, 0),
                field("Body_Temp", 29.9, 45.1, -273.15),
                field("Sex", "other", "Male", "", "m", "MALE"),
                field("id", "", "x".repeat(129), 1.5, true, List.of(), Map.of()));
        return new Shape(Topics.calories().requests().name(), rnd -> {
            var r = g.next().record();
            return new Sample(rnd.nextBoolean() ? null : r.id(), tree(r));
        }, true, false, semantic, j -> read(CaloriesWire.REQUEST, j.value()).isOk());
    }

    /**
     * {@code digits.requests}: pixels, bitmaps and strokes; the key does not matter. Accepted: the schema's and
     * a model input can be made of it (bitmap data the size of its canvas), or a draft (counted as one).
     */
    public static Shape digitsRequests() {
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                (rnd, s) -> { // a bitmap whose data is not width x height
                    s.object().clear();
                    s.object().put("id", "d-" + rnd.nextInt(1000));
                    s.object().put("bitmap", Map.of("width", 10, "height", 10, "data", zeros(64 + rnd.nextInt(30))));
                    return s;
                },
                (rnd, s) -> {
                    s.object().keySet().removeAll(List.of("bitmap", "strokes"));
                    s.object().put("pixels", zeros(783));
                    return s;
                },
                (rnd, s) -> {
                    s.object().keySet().removeAll(List.of("bitmap", "strokes"));
                    List<Object> px = zeros(784);
                    px.set(rnd.nextInt(784), pickOf(rnd, 1.5, -0.1, 255));
                    s.object().put("pixels", px);
                    return s;
                },
                (rnd, s) -> {
                    s.object().keySet().removeAll(List.of("pixels", "strokes"));
                    s.object().put("bitmap", Map.of("width", pickOf(rnd, 7, 513, 0), "height", 8, "data", zeros(64)));
                    return s;
                },
                (rnd, s) -> {
                    s.object().keySet().removeAll(List.of("pixels", "bitmap"));
                    s.object().put("strokes", Map.of("width", 100, "height", 100, "lines", pickOf(rnd, List.of(),
                            List.of(List.of(List.of(1))), List.of(List.of(List.of(9000, 1))), List.of(List.of()))));
                    return s;
                },
                (rnd, s) -> {
                    s.object().keySet().removeAll(List.of("pixels", "bitmap"));
                    s.object().put("strokes", Map.of("width", 100, "height", 100, "pen", 0, "lines",
                            List.of(List.of(List.of(1, 1), List.of(50, 50)))));
                    return s;
                },
                (rnd, s) -> {
                    s.object().put(s.object().containsKey("bitmap") ? "pixels" : "bitmap",
                            s.object().containsKey("bitmap") ? zeros(784) : Map.of("width", 8, "height", 8, "data", zeros(64)));
                    return s; // two inputs in one request
                },
                field("draft", "yes", 1),
                field("id", "", "x".repeat(129), 2.5));
        return new Shape(Topics.of(Task.DIGITS).requests().name(), rnd -> {
            String id = "d-" + rnd.nextInt(1_000_000);
            DigitsRequest r;
            int form = rnd.nextInt(10);
            if (form < 4) { // MNIST pixels
                double[] px = new double[784];
                for (int i = 0; i < px.length; i++) {
                    px[i] = rnd.nextInt(5) == 0 ? rnd.nextDouble() : 0.0;
                }
                r = new DigitsRequest(id, px, null, null, null);
            } else if (form < 7) { // a small canvas
                int w = 8 + rnd.nextInt(9);
                int h = 8 + rnd.nextInt(9);
                double[] data = new double[w * h];
                for (int i = 0; i < data.length; i++) {
                    data[i] = rnd.nextInt(3) == 0 ? 1.0 : 0.0;
                }
                r = new DigitsRequest(id, null, new DigitsRequest.Bitmap(w, h, data), null, null);
            } else { // pen strokes
                List<List<double[]>> lines = new ArrayList<>();
                for (int l = 1 + rnd.nextInt(3); l > 0; l--) {
                    List<double[]> line = new ArrayList<>();
                    for (int k = 2 + rnd.nextInt(5); k > 0; k--) {
                        line.add(new double[] {rnd.nextInt(100), rnd.nextInt(100)});
                    }
                    lines.add(line);
                }
                r = new DigitsRequest(id, null, null, new DigitsRequest.Strokes(100, 100, rnd.nextBoolean() ? null : 6.0, lines), null);
            }
            return new Sample(rnd.nextBoolean() ? null : id, tree(r));
        }, true, false, semantic, j -> {
            Parsed<DigitsRequest> p = read(DigitsWire.REQUEST, j.value());
            if (!p.isOk()) {
                return false;
            }
            if (p.value().isDraft()) {
                return true;
            }
            try {
                p.value().toModelInput();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    // ---- predictions, metrics.rolling, the registry ----

    /**
     * {@code <task>.predictions}: keyed by request id. Accepted: the schema's, of {@code task}, keyed by its
     * requestId, every class probability in [0, 1].
     */
    public static Shape predictions(Task task) {
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                field("task", Task.RPS.id(), task == Task.CALORIES ? Task.DIGITS.id() : Task.CALORIES.id()),
                (rnd, s) -> {
                    List<Double> scores = new ArrayList<>(List.of(0.1, 0.2, 0.7));
                    scores.set(rnd.nextInt(3), pickOf(rnd, 1.5, -0.1, 1e300, -1e-300));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> served = (Map<String, Object>) s.object().get("served");
                    served.put("scores", new ArrayList<>(scores));
                    return s;
                },
                field("requestTs", 1.5, "yesterday"),
                field("served", null, List.of(), "Production"),
                field("shadows", (Object) null),
                field("replay", "false", 0),
                (rnd, s) -> { // another request's prediction under this key
                    s.object().put("requestId", s.key() + "-retry");
                    return s;
                });
        return new Shape(Topics.of(task).predictions().name(), rnd -> {
            String id = Integer.toString(rnd.nextInt(1_000_000_000));
            List<ModelOutput> shadows = new ArrayList<>();
            for (int i = rnd.nextInt(3); i > 0; i--) {
                shadows.add(output(task, rnd, Aliases.SHADOW1));
            }
            return new Sample(id, tree(new PredictionRecord(id, task.id(), output(task, rnd, Aliases.PRODUCTION), shadows,
                    rnd.nextInt(1 << 30), rnd.nextInt(1 << 30), rnd.nextInt(10) == 0, rnd.nextInt(10) == 0)));
        }, true, true, semantic, j -> {
            Parsed<PredictionRecord> p = read(PREDICTION, j.value());
            if (!p.isOk() || !task.id().equals(p.value().task()) || !p.value().requestId().equals(j.keyString())) {
                return false;
            }
            List<ModelOutput> all = new ArrayList<>(p.value().shadows());
            all.add(p.value().served());
            return all.stream().flatMap(o -> o.scores().stream()).allMatch(s -> s >= 0 && s <= 1);
        });
    }

    private static ModelOutput output(Task task, Random rnd, String alias) {
        if (task == Task.CALORIES) {
            return new ModelOutput("xgboost", "calories-v" + rnd.nextInt(5), alias, 300 * rnd.nextDouble(), List.of());
        }
        double[] p = new double[10];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextDouble();
            sum += p[i];
        }
        List<Double> scores = new ArrayList<>();
        for (double x : p) {
            scores.add(x / sum);
        }
        return new ModelOutput("cnn", "digits-v" + rnd.nextInt(5), alias, rnd.nextInt(10), scores);
    }

    /** {@code metrics.rolling}: any task's. Accepted: the schema's, keyed by {@link RollingMetrics#key}. */
    public static Shape metricsRolling() {
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                field("matched", -1, 1.5, 1e30),
                field("expired", -5),
                field("coverage", 1.5, -0.1, "full"),
                field("windowStart", 1.5, "0"),
                field("confusion", Map.of("7-1", 3), Map.of("7>1", -1), Map.of("7>1", 0.5)),
                field("games", -2),
                field("lagHistogramMs", Map.of("1000", 1.5), List.of(1, 2)),
                (rnd, s) -> { // a window of another series under this key
                    s.object().put("windowStart", ((Number) s.object().get("windowStart")).longValue() + 60_000);
                    return s;
                });
        return new Shape(Topics.METRICS_ROLLING.name(), rnd -> {
            String task = pickOf(rnd, "calories", "digits", "rps");
            long ws = 1_700_000_000_000L + 60_000L * rnd.nextInt(10_000);
            long matched = rnd.nextInt(1000);
            long expired = rnd.nextInt(100);
            RollingMetrics m = new RollingMetrics(task, "fam" + rnd.nextInt(3), task + "-v" + rnd.nextInt(5),
                    Aliases.ALL.get(rnd.nextInt(4)), ws, ws + 300_000, matched, expired,
                    matched + expired == 0 ? 0 : matched / (double) (matched + expired), rnd.nextDouble(), rnd.nextDouble() * 50,
                    rnd.nextDouble(), 100 * rnd.nextDouble(), 1000, 2000, Map.of("1000", 3L), Map.of("150", 10L),
                    Map.of("7>1", 2L), 0.5, 3, 1);
            return new Sample(RollingMetrics.key(m.task(), m.family(), m.version(), m.alias(), m.windowStart()), tree(m));
        }, true, true, semantic, j -> {
            Parsed<RollingMetrics> p = read(ROLLING, j.value());
            if (!p.isOk()) {
                return false;
            }
            RollingMetrics m = p.value();
            return RollingMetrics.key(m.task(), m.family(), m.version(), m.alias(), m.windowStart()).equals(j.keyString());
        });
    }

    /**
     * {@code models}: keyed by version; {@code liveVersions} are often the key, so a broken record aims at a model
     * in use. Accepted: a keyed tombstone, or the schema's keyed by its version (and the record's own invariants:
     * edges + 1 proportions, edges + 1 calibrated accuracies).
     */
    public static Shape models(Set<String> liveVersions) {
        List<String> live = List.copyOf(liveVersions);
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                field("task", "chess", "Calories", 7),
                field("format", "pickle", "java-serialization", ""),
                field("artifactSha256", "xyz", "A".repeat(64), "a".repeat(63)),
                field("artifactBytes", 0, -1, 1.5),
                field("createdAt", "now", 1.5),
                field("reference", Map.of("Age", Map.of("edges", List.of(1.0, 2.0), "proportions", List.of(0.5, 0.5), "count", 1)),
                        Map.of("Age", Map.of("edges", List.of(), "proportions", List.of(1.5), "count", 1)),
                        Map.of("Age", Map.of("edges", List.of(1.0), "proportions", List.of(0.5, 0.5), "count", -3)),
                        Map.of("Age", List.of(1, 2))),
                field("performance", Map.of("confidenceEdges", List.of(0.2), "calibratedAccuracy", List.of(0.5)),
                        Map.of("confidenceEdges", List.of(0.2)),
                        Map.of("calibratedAccuracy", List.of(1.5)),
                        Map.of("dleArtifactSha256", "not-a-sha"), "dle"),
                (rnd, s) -> { // another version's metadata under this key
                    s.object().put("version", s.key() + "-2");
                    return s;
                });
        return new Shape(Topics.MODELS.name(), rnd -> {
            String version = !live.isEmpty() && rnd.nextBoolean() ? live.get(rnd.nextInt(live.size())) : "fz-v" + rnd.nextInt(1_000_000);
            Map<String, FeatureReference> reference = Map.of("Age", new FeatureReference(List.of(20.0, 40.0),
                    List.of(0.3, 0.4, 0.3), 100));
            ModelVersion v = new ModelVersion(version, pickOf(rnd, "calories", "digits", "rps"), "xgboost", rnd.nextInt(1 << 30),
                    ModelVersion.TRIBUO_PROTOBUF, "a".repeat(64), 1 + rnd.nextInt(1000), List.of("Age"), Map.of("rmsle", 0.05),
                    Map.of("seed", 1), List.of(), "test", reference,
                    rnd.nextBoolean() ? null : PerformanceReference.dle("b".repeat(64), List.of("Age"), 0.06, 100));
            return new Sample(version, tree(v));
        }, true, true, semantic, j -> {
            if (j.key() == null) {
                return false;
            }
            if (j.value() == null) {
                return true;
            }
            Parsed<ModelVersion> p = read(MODEL, j.value());
            return p.isOk() && p.value().version().equals(j.keyString());
        });
    }

    /** {@code model-aliases}: keyed task/family/alias. Accepted: a keyed tombstone, or the schema's under its own key. */
    public static Shape modelAliases(Set<String> liveKeys) {
        List<String> live = List.copyOf(liveKeys);
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                field("alias", "Staging", "production", "shadow3", ""),
                field("setAt", 1.5, "now"),
                field("version", (Object) null),
                field("task", 7),
                (rnd, s) -> { // another alias under this key
                    s.object().put("family", s.object().get("family") + "x");
                    return s;
                });
        return new Shape(Topics.MODEL_ALIASES.name(), rnd -> {
            AliasAssignment a = new AliasAssignment(pickOf(rnd, "calories", "digits", "rps"), pickOf(rnd, "xgboost", "cnn", "forrest"),
                    Aliases.ALL.get(rnd.nextInt(4)), "fz-v" + rnd.nextInt(1000), rnd.nextInt(1 << 30), "fuzz");
            String key = !live.isEmpty() && rnd.nextInt(4) == 0 ? live.get(rnd.nextInt(live.size())) : a.key();
            return new Sample(key, tree(a));
        }, true, true, semantic, j -> {
            if (j.key() == null) {
                return false;
            }
            if (j.value() == null) {
                return true;
            }
            Parsed<AliasAssignment> p = read(ALIAS, j.value());
            return p.isOk() && p.value().key().equals(j.keyString());
        });
    }

    /**
     * {@code model-artifacts} (opaque bytes, content-addressed): DLE nanny records, the only ones the drift monitor
     * keeps. Accepted: a keyed tombstone, a record that is not a nanny (a served model's bytes), or a nanny keyed by
     * the sha256 of its bytes.
     */
    public static Shape modelArtifacts() {
        List<BiFunction<Random, Sample, Sample>> semantic = List.of(
                (rnd, s) -> s.withKey(s.key().toUpperCase()),
                (rnd, s) -> s.withKey(Sha256.hex(new byte[] {1, 2, 3})),
                (rnd, s) -> s.withBody(new byte[0]).withKey("e".repeat(64)),
                (rnd, s) -> {
                    byte[] b = ((byte[]) s.body()).clone();
                    b[rnd.nextInt(b.length)] ^= 1; // one bit flipped in flight
                    return s.withBody(b);
                });
        return new Shape(Topics.MODEL_ARTIFACTS.name(), rnd -> {
            byte[] b = new byte[50 + rnd.nextInt(2000)];
            rnd.nextBytes(b);
            RecordHeaders h = new RecordHeaders();
            h.add(PerformanceReference.ARTIFACT_KIND_HEADER, PerformanceReference.DLE_NANNY.getBytes(StandardCharsets.UTF_8));
            return new Sample(Sha256.hex(b), b, h);
        }, false, true, semantic, j -> {
            if (j.key() == null) {
                return false;
            }
            return j.value() == null || !isNanny(j.headers()) || Sha256.hex(j.value()).equals(j.keyString());
        });
    }

    private static boolean isNanny(Headers headers) {
        Header h = headers.lastHeader(PerformanceReference.ARTIFACT_KIND_HEADER);
        return h != null && h.value() != null
                && PerformanceReference.DLE_NANNY.equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    // ---- helpers ----

    /**
     * The contract's reading: its JSON Schema, then binding. WireReader can throw (its schema validator fails on an
     * integral number beyond 64 bits against an integer bound, e.g. 1e30): no contract accepts such a record.
     */
    private static <T> Parsed<T> read(WireReader<T> reader, byte[] bytes) {
        try {
            return reader.read(bytes);
        } catch (RuntimeException e) {
            return Parsed.failed(List.of(new FieldError("$", e.toString())));
        }
    }

    /** A record as the mutable JSON tree the generator breaks. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(Object record) {
        return Json.MAPPER.readValue(Json.write(record), LinkedHashMap.class);
    }

    /** A break that sets top-level {@code name} to one of {@code values}. */
    private static BiFunction<Random, Sample, Sample> field(String name, Object... values) {
        return (rnd, s) -> {
            s.object().put(name, values[rnd.nextInt(values.length)]);
            return s;
        };
    }

    private static Sample requestId(Sample s, String id) {
        s.object().put("requestId", id);
        return s.withKey(id);
    }

    private static List<Object> zeros(int n) {
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(0.0);
        }
        return l;
    }

    @SafeVarargs
    private static <T> T pickOf(Random rnd, T... options) {
        return options[rnd.nextInt(options.length)];
    }
}

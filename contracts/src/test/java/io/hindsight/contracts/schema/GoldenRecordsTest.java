package io.hindsight.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.json.JsonSerde;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every record the code writes validates against its topic's published schema, and survives a serde round trip. */
class GoldenRecordsTest {

    private static <T> void check(String schema, T value, Class<T> type) {
        JsonNode node = Json.tree(Json.write(value));
        assertThat(new WireReader<>(schema, type).validate(node)).as(schema + " " + node).isEmpty();
        JsonSerde<T> serde = new JsonSerde<>(type);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value))).isEqualTo(value);
    }

    @Test
    void predictionRecord() {
        ModelOutput served = new ModelOutput("xgboost", "calories-xgboost-1", "Production", 144.3, List.of());
        ModelOutput shadow = new ModelOutput("xgboost", "calories-xgboost-2", "shadow1", 140.0, null);
        check("prediction.schema.json", new PredictionRecord("1", "calories", served, List.of(shadow), 10L, 12L, false),
                PredictionRecord.class);
    }

    @Test
    void scoredOrphanAndRolling() {
        check("scored.schema.json", new ScoredRecord("1", "calories", "xgboost", "v1", "Production", true, 144.3, 150.0,
                5.7, 0.0015, null, 10L, 300_010L, 300_000L), ScoredRecord.class);
        check("orphan.schema.json", new Orphan("9", "calories", Orphan.UNKNOWN, 5L, "{\"id\":9,\"Calories\":1}"), Orphan.class);
        check("rolling-metrics.schema.json", new RollingMetrics("calories", "xgboost", "v1", "Production", 0L, 300_000L,
                10, 2, 10.0 / 12, 0.05, 4.2, Double.NaN == 0 ? 0 : 0.0, 120.0, 1000.0, 2000.0,
                Map.of("1000", 3L), Map.of("150", 10L), Map.of("7>1", 2L)), RollingMetrics.class);
    }

    @Test
    void registryRecords() {
        check("model-version.schema.json", new ModelVersion("calories-xgboost-1", "calories", "xgboost", 1L,
                ModelVersion.TRIBUO_PROTOBUF, "a".repeat(64), 1234, List.of("Sex", "Age"), Map.of("rmsle", 0.05),
                Map.of("seed", 7), List.of(new TrainingRange("calories.training", 0, 0, 100)), "abc"), ModelVersion.class);
        check("alias.schema.json", new AliasAssignment("calories", "xgboost", "Production", "calories-xgboost-1", 1L, "first start"),
                AliasAssignment.class);
    }

    @Test
    void modelVersionWithReference() {
        ModelVersion v = new ModelVersion("calories-xgboost-1", "calories", "xgboost", 1L, ModelVersion.TRIBUO_PROTOBUF,
                "a".repeat(64), 1234, List.of("Sex", "Duration"), Map.of("rmsle", 0.05), Map.of("seed", 7), List.of(), "abc",
                Map.of("Sex", new FeatureReference(List.of(0.0), List.of(0.5, 0.5), 100),
                        "Duration", new FeatureReference(List.of(5.0, 10.0), List.of(0.3, 0.3, 0.4), 100)));
        check("model-version.schema.json", v, ModelVersion.class);
        // a record written before the reference existed still reads, with an empty reference
        ModelVersion old = Json.read(("{\"version\":\"v\",\"task\":\"calories\",\"family\":\"xgboost\",\"createdAt\":1,"
                + "\"format\":\"onnx\",\"artifactSha256\":\"" + "a".repeat(64) + "\",\"artifactBytes\":1}").getBytes(), ModelVersion.class);
        assertThat(old.reference()).isEmpty();
        assertThat(old.performance()).isNull();
    }

    @Test
    void modelVersionWithPerformanceReference() {
        ModelVersion base = new ModelVersion("digits-cnn-1", "digits", "cnn", 1L, ModelVersion.ONNX, "a".repeat(64), 1234,
                List.of(), Map.of(), Map.of(), List.of(), "abc");
        ModelVersion calibrated = base.withPerformance(PerformanceReference.calibration(List.of(0.5, 0.9),
                List.of(0.4, 0.8, 0.99), 10_000));
        check("model-version.schema.json", calibrated, ModelVersion.class);
        ModelVersion dle = base.withPerformance(PerformanceReference.dle("b".repeat(64), DleFeatures.NAMES, 0.061, 4000));
        check("model-version.schema.json", dle, ModelVersion.class);
        assertThat(dle.withReference(Map.of()).performance()).isEqualTo(dle.performance());
    }

    @Test
    void driftAndEstimates() {
        check("drift.schema.json", new DriftReport("calories", "Duration", 0L, 300_000L, "calories-xgboost-1", 500, 16_000,
                0.31, 0.22, 1e-9, true, List.of(5.0, 10.0), List.of(100L, 100L, 300L), List.of(0.3, 0.3, 0.4)), DriftReport.class);
        check("estimated-metrics.schema.json", new PerformanceEstimate("digits", "cnn", "v1", "Production", 0L, 300_000L,
                PerformanceEstimate.CBPE, PerformanceEstimate.ACCURACY, 200, 0.97, null, null), PerformanceEstimate.class);
        check("estimated-metrics.schema.json", new PerformanceEstimate("digits", "cnn", "v1", "Production", 0L, 300_000L,
                PerformanceEstimate.CBPE, PerformanceEstimate.ACCURACY, 200, 0.97, 0.965, 198L), PerformanceEstimate.class);
        check("estimated-metrics.schema.json", new PerformanceEstimate("calories", "xgboost", "v1", "Production", 0L, 300_000L,
                PerformanceEstimate.DLE, PerformanceEstimate.RMSLE, 200, 0.061, 0.058, 199L), PerformanceEstimate.class);
    }
}

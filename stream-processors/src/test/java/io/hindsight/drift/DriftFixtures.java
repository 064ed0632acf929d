package io.hindsight.drift;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Registry records and requests for drift tests; every generator is seeded. */
final class DriftFixtures {
    static final String CALORIES_VERSION = "calories-xgboost-reference";
    /** Reference data: what the model was "trained" on. */
    static final long TRAINING_SEED = 1L;
    static final long LIVE_SEED = 2L;
    static final long SHIFTED_SEED = 3L;

    private DriftFixtures() {
    }

    static ModelVersion caloriesModel() {
        List<double[]> rows = new ArrayList<>();
        for (CaloriesRow r : new CaloriesGenerator(TRAINING_SEED).next(10_000)) {
            rows.add(DriftFeatures.calories(r.record()));
        }
        return model(Task.CALORIES, CALORIES_VERSION, "xgboost", DriftFeatures.reference(DriftFeatures.names(Task.CALORIES), rows));
    }

    static ModelVersion model(Task task, String version, String family, Map<String, FeatureReference> reference) {
        return new ModelVersion(version, task.id(), family, 1L, ModelVersion.TRIBUO_PROTOBUF, "a".repeat(64), 1, List.of(),
                Map.of(), Map.of(), List.of(), "test", reference);
    }

    static AliasAssignment production(ModelVersion v) {
        return new AliasAssignment(v.task(), v.family(), Aliases.PRODUCTION, v.version(), 1L, "test");
    }

    /** Requests drawn from the training distribution. */
    static List<CaloriesRecord> unshifted(long seed, int n) {
        return new CaloriesGenerator(seed, 1_000_000L * seed).next(n).stream().map(CaloriesRow::record).toList();
    }

    /** The same population exercising 50% longer: only Duration moves (heart rate and temperature are left as drawn). */
    static List<CaloriesRecord> longerDuration(long seed, int n) {
        return unshifted(seed, n).stream().map(r -> new CaloriesRecord(r.id(), r.sex(), r.age(), r.height(), r.weight(),
                r.duration() * 1.5, r.heartRate(), r.bodyTemp())).toList();
    }

    static byte[] bytes(Object record) {
        return Json.write(record);
    }
}

package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryRetentionTest {

    private static ModelVersion version(String name, String family, long createdAt, String sha, String nanny, String source) {
        ModelVersion v = new ModelVersion(name, "calories", family, createdAt, ModelVersion.TRIBUO_PROTOBUF, sha, 10, List.of(),
                Map.of(), source == null ? Map.of() : Map.of("source", source), List.of(), "test");
        return nanny == null ? v : v.withPerformance(PerformanceReference.dle(nanny, List.of("Age"), 0.1, 100));
    }

    private static AliasAssignment alias(String alias, String version) {
        return new AliasAssignment("calories", "xgboost", alias, version, 0, "test");
    }

    /** Ten retrained versions v0..v9, each with its own bytes and nanny; v9 just published. */
    private static List<ModelVersion> ten() {
        List<ModelVersion> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(version("v" + i, "xgboost", 1_000 + i, "sha" + i, "nanny" + i, null));
        }
        return all;
    }

    @Test
    void olderUnaliasedVersionsRetireWithTheirBytesAndNannies() {
        List<ModelVersion> all = ten();
        RegistryRetention.Retirement r = new RegistryRetention(3).retire("calories", "xgboost", all.get(9), all.subList(0, 9),
                List.of(alias("Production", "v2"), alias("shadow1", "v0"), alias("B", "v9")));

        assertThat(r.versions()).containsExactlyInAnyOrder("v1", "v3", "v4", "v5", "v6");
        assertThat(r.artifacts()).containsExactlyInAnyOrder("sha1", "sha3", "sha4", "sha5", "sha6",
                "nanny1", "nanny3", "nanny4", "nanny5", "nanny6");
    }

    @Test
    void bytesAKeptVersionSharesStay() {
        List<ModelVersion> all = new ArrayList<>(ten());
        all.set(1, version("v1", "xgboost", 1_001, "sha8", "nanny1", null)); // same bytes as v8 (kept: among the newest)
        RegistryRetention.Retirement r = new RegistryRetention(3).retire("calories", "xgboost", all.get(9), all, List.of());

        assertThat(r.versions()).contains("v1");
        assertThat(r.artifacts()).doesNotContain("sha8").contains("nanny1");
    }

    @Test
    void uploadsOtherFamiliesAndTheNewestStay() {
        List<ModelVersion> all = new ArrayList<>(ten());
        all.set(0, version("v0", "xgboost", 1_000, "sha0", null, RegistryRetention.UPLOAD_SOURCE));
        all.add(version("other", "linear", 1, "shaX", null, null));
        RegistryRetention.Retirement r = new RegistryRetention(9).retire("calories", "xgboost", all.get(9), all, List.of());
        assertThat(r.versions()).isEmpty(); // v0 is the 10th newest, but a person uploaded it
        assertThat(r.artifacts()).isEmpty();

        RegistryRetention.Retirement one = new RegistryRetention(1).retire("calories", "xgboost", all.get(9), List.of(), List.of());
        assertThat(one.isEmpty()).as("only the just-published version is known: nothing else to retire").isTrue();
    }

    @Test
    void aRetentionKeepsAtLeastTheNewest() {
        assertThatThrownBy(() -> new RegistryRetention(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

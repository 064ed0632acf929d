package io.hindsight.predictor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/** The three rps families' formats, loaded from their bytes as the registry does, answer 3 class probabilities. */
class ModelLoaderRpsTest {
    private static final List<double[]> ROWS = RpsTestModels.rows(99L, 30);

    @Test
    void aLogisticRegressionFromTribuoProtobufServesItsProbabilitiesInMoveOrder() throws Exception {
        Model<Label> trained = RpsTestModels.logistic(1L, Integer::toString);
        byte[] bytes = RpsTestModels.protobuf(trained);
        try (ServableModel model = RpsTestModels.LOADER.load(RpsTestModels.meta("rps-logan-1", "logan", ModelVersion.TRIBUO_PROTOBUF, bytes), bytes)) {
            List<RawOutput> out = model.predict(ROWS);
            assertThat(out).hasSize(ROWS.size());
            for (int i = 0; i < ROWS.size(); i++) {
                Map<String, Label> direct = tribuoScores(trained, ROWS.get(i));
                double[] scores = out.get(i).scores();
                assertThat(scores).hasSize(Move.COUNT);
                for (int c = 0; c < Move.COUNT; c++) {
                    assertThat(scores[c]).isCloseTo(direct.get(Integer.toString(c)).getScore(), within(1e-9));
                }
                assertThat(scores[0] + scores[1] + scores[2]).isCloseTo(1.0, within(1e-9));
                assertThat(out.get(i).value()).as("the player repeats: class = last move").isEqualTo(i % 3);
            }
        }
    }

    @Test
    void moveNameLabelsAreServedAsTheirClassIndex() throws Exception {
        Model<Label> trained = RpsTestModels.logistic(2L, c -> Move.ofIndex(c).id());
        byte[] bytes = RpsTestModels.protobuf(trained);
        try (ServableModel model = RpsTestModels.LOADER.load(RpsTestModels.meta("rps-logan-2", "logan", ModelVersion.TRIBUO_PROTOBUF, bytes), bytes)) {
            List<RawOutput> out = model.predict(ROWS.subList(0, 6));
            for (int i = 0; i < 6; i++) {
                assertThat(out.get(i).value()).isEqualTo(i % 3);
                assertThat(out.get(i).scores()[Move.PAPER.index()])
                        .isCloseTo(tribuoScores(trained, ROWS.get(i)).get("paper").getScore(), within(1e-9));
            }
        }
    }

    @Test
    void anXgboostClassifierServesThreeClasses() throws Exception {
        byte[] bytes = RpsTestModels.protobuf(RpsTestModels.xgboost(3L));
        try (ServableModel model = RpsTestModels.LOADER.load(RpsTestModels.meta("rps-forrest-1", "forrest", ModelVersion.TRIBUO_PROTOBUF, bytes), bytes)) {
            List<RawOutput> out = model.predict(ROWS);
            for (int i = 0; i < ROWS.size(); i++) {
                assertThat(out.get(i).scores()).hasSize(3);
                assertThat(out.get(i).value()).isEqualTo(i % 3);
            }
        }
    }

    @Test
    void anOnnxNetworkOnFiftyFeaturesServesBatchesWithOrWithoutItsSoftmax() throws Exception {
        TinyOnnx net = TinyOnnx.rps(5L);
        for (byte[] bytes : List.of(net.model(true, -1, 3), net.model(false, -1, 3), net.model(true, 1, 3))) {
            try (ServableModel model = RpsTestModels.LOADER.load(RpsTestModels.meta("rps-brian-1", "brian", ModelVersion.ONNX, bytes), bytes)) {
                List<RawOutput> out = model.predict(ROWS);
                assertThat(out).hasSize(ROWS.size());
                for (int i = 0; i < ROWS.size(); i++) {
                    double[] expected = net.probabilities(ROWS.get(i));
                    for (int c = 0; c < 3; c++) {
                        assertThat(out.get(i).scores()[c]).isCloseTo(expected[c], within(1e-5));
                    }
                    assertThat(out.get(i).value()).isEqualTo(RawOutput.ofScores(expected).value());
                }
            }
        }
    }

    @Test
    void refusesModelsShapedForAnotherTask() {
        byte[] digits = new TinyOnnx(1L).model(true, -1, 3); // [N,1,28,28] in
        assertThatThrownBy(() -> RpsTestModels.LOADER.load(RpsTestModels.meta("v", "brian", ModelVersion.ONNX, digits), digits))
                .hasMessageContaining("input");
        byte[] tenClasses = TinyOnnx.rps(1L).model(true, -1, 10);
        assertThatThrownBy(() -> RpsTestModels.LOADER.load(RpsTestModels.meta("v", "brian", ModelVersion.ONNX, tenClasses), tenClasses))
                .isInstanceOf(Exception.class);
        byte[] fourLabels = RpsTestModels.protobuf(RpsTestModels.logistic(4L, c -> c == 2 ? "lizard" : Integer.toString(c)));
        assertThatThrownBy(() -> RpsTestModels.LOADER.load(RpsTestModels.meta("v", "logan", ModelVersion.TRIBUO_PROTOBUF, fourLabels), fourLabels))
                .hasMessageContaining("lizard");
    }

    private static Map<String, Label> tribuoScores(Model<Label> model, double[] row) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL,
                RpsFeatures.NAMES.toArray(String[]::new), row));
        return p.getOutputScores();
    }
}

package io.hindsight.trainer.calories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.trainer.model.TrainedModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/** DLE: the nanny fitted on the holdout estimates the RMSLE of fresh rows before their calories are known. */
class CaloriesDleTest {
    /** Relative: |estimated - realised| / realised on 3,000 fresh rows. */
    static final double RELATIVE_TOLERANCE = 0.10;
    private static TrainedModel trained;
    private static Model<Regressor> nanny;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void train() throws Exception {
        trained = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(80)).trainOnGenerated(11L, 10_000);
        PerformanceReference p = trained.metadata().performance();
        nanny = (Model<Regressor>) Model.deserialize(ModelProto.parseFrom(trained.sidecars().get(p.dleArtifactSha256()).bytes()));
    }

    @Test
    void theModelCarriesItsNannyAsAContentAddressedSidecar() {
        PerformanceReference p = trained.metadata().performance();
        assertThat(p).isNotNull();
        assertThat(p.hasDle()).isTrue();
        assertThat(p.hasCalibration()).isFalse();
        assertThat(p.dleFeatures()).isEqualTo(DleFeatures.NAMES);
        assertThat(p.dleCount()).isEqualTo(2_000);
        assertThat(trained.sidecars()).containsOnlyKeys(p.dleArtifactSha256());
        TrainedModel.Sidecar s = trained.sidecars().get(p.dleArtifactSha256());
        assertThat(s.kind()).isEqualTo(PerformanceReference.DLE_NANNY);
        assertThat(Sha256.hex(s.bytes())).isEqualTo(p.dleArtifactSha256());
        assertThat(p.dleReferenceRmsle()).isCloseTo(trained.metadata().metrics().get("holdout_rmsle"), within(1e-9));
    }

    @Test
    void estimatedRmsleTracksRealisedOnFreshRows() {
        List<CaloriesRow> fresh = new CaloriesGenerator(77L, 5_000_000L).next(3_000);
        List<CaloriesRecord> records = fresh.stream().map(CaloriesRow::record).toList();
        double[] predicted = CaloriesDle.predictKcal(trained.model(), records);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum += DleFeatures.squaredLogError(predicted[i], fresh.get(i).calories());
        }
        double realised = DleFeatures.rmsle(sum, predicted.length);
        double estimated = CaloriesDle.estimatedRmsle(nanny, records, predicted);
        System.out.printf("DLE estimated RMSLE %.4f, realised %.4f on %d fresh rows (reference %.4f)%n", estimated, realised,
                predicted.length, trained.metadata().performance().dleReferenceRmsle());
        assertThat(estimated).isCloseTo(realised, within(RELATIVE_TOLERANCE * realised));
    }

    @Test
    void theNannySeesWhereTheModelErrsMore() {
        // per-row estimates are not flat: rows with the largest estimated loss have a larger realised loss
        List<CaloriesRow> fresh = new CaloriesGenerator(78L, 6_000_000L).next(3_000);
        List<CaloriesRecord> records = fresh.stream().map(CaloriesRow::record).toList();
        double[] predicted = CaloriesDle.predictKcal(trained.model(), records);
        double[] est = CaloriesDle.estimatedLosses(nanny, records, predicted);
        double median = java.util.Arrays.stream(est).sorted().toArray()[est.length / 2];
        double hi = 0;
        double lo = 0;
        int nHi = 0;
        int nLo = 0;
        for (int i = 0; i < est.length; i++) {
            double l = DleFeatures.squaredLogError(predicted[i], fresh.get(i).calories());
            if (est[i] > median) {
                hi += l;
                nHi++;
            } else {
                lo += l;
                nLo++;
            }
        }
        System.out.printf("realised MSLE where the nanny expects more loss %.5f, less %.5f%n", hi / nHi, lo / nLo);
        assertThat(hi / nHi).isGreaterThan(lo / nLo);
        assertThat(java.util.Arrays.stream(est).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void theNannyIsReproducible() {
        List<CaloriesRow> rows = new CaloriesGenerator(5L).next(500);
        CaloriesDle.Nanny a = CaloriesDle.fit(trained.model(), rows, 3L);
        CaloriesDle.Nanny b = CaloriesDle.fit(trained.model(), rows, 3L);
        List<CaloriesRecord> probe = new CaloriesGenerator(6L).next(100).stream().map(CaloriesRow::record).toList();
        double[] predicted = CaloriesDle.predictKcal(trained.model(), probe);
        // same seed, same trees (the bytes differ only by Tribuo's trained-at provenance)
        assertThat(CaloriesDle.estimatedLosses(b.model(), probe, predicted))
                .containsExactly(CaloriesDle.estimatedLosses(a.model(), probe, predicted));
        assertThat(a.reference().dleCount()).isEqualTo(500);
    }
}

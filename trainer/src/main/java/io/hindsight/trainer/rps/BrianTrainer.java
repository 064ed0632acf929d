package io.hindsight.trainer.rps;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.trainer.digits.DjlEngine;
import io.hindsight.trainer.digits.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * brian: the feedforward network trained with DJL on libtorch (CPU; Adam at a fixed rate, softmax
 * cross-entropy, rounds reshuffled every epoch), exported to ONNX by hand ({@link BrianOnnxExport}) and checked
 * in ONNX Runtime against DJL before it is returned: the ONNX bytes are the model. With validation rounds it
 * stops early and keeps the best epoch (lowest validation log loss).
 * <p>
 * Seeds: libtorch's (weight initialisation) and one {@link Random} for shuffling.
 */
final class BrianTrainer implements RpsFamilyTrainer {
    /** Largest acceptable |ONNX - DJL| on any move probability of any checked round. */
    static final double MAX_EXPORT_DIFF = 1e-4;
    private static final int CHECK_ROWS = 2_000;
    private static final int F = RpsFeatures.COUNT;

    private final BrianConfig config;
    private final Path djlCacheDir;

    /** @param djlCacheDir where DJL extracts libtorch; null for DJL's default (see {@link DjlEngine}) */
    BrianTrainer(BrianConfig config, Path djlCacheDir) {
        this.config = config;
        this.djlCacheDir = djlCacheDir;
    }

    @Override
    public BrianConfig config() {
        return config;
    }

    @Override
    public String description() {
        return "DJL " + Engine.getDjlVersion() + " on PyTorch (CPU): feedforward " + config.architecture()
                + ", Adam, softmax cross-entropy, early stopping on validation log loss; exported to ONNX by hand "
                + "and scored in ONNX Runtime";
    }

    @Override
    public RpsFamilyTrainer withoutValidation(FittedRps earlier) {
        Object best = earlier.details().get("bestEpoch");
        return best instanceof Number n ? new BrianTrainer(config.withMaxEpochs(Math.max(1, n.intValue())), djlCacheDir) : this;
    }

    @Override
    public FittedRps fit(List<RpsExample> train, List<RpsExample> validation, TrainingProgress progress) {
        DjlEngine.TRAINING.lock();
        try {
            return fitAlone(train, validation, progress);
        } finally {
            DjlEngine.TRAINING.unlock();
        }
    }

    private FittedRps fitAlone(List<RpsExample> train, List<RpsExample> validation, TrainingProgress progress) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no rounds to train brian on");
        }
        long t0 = System.nanoTime();
        Engine engine = DjlEngine.pytorch(djlCacheDir);
        engine.setRandomSeed(Long.hashCode(config.seed())); // DJL takes an int seed
        JniUtils.setNumThreads(config.threads());
        float[] x = features(train);
        float[] y = new float[train.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = train.get(i).label();
        }
        float[] vx = features(validation);
        int[] vy = validation.stream().mapToInt(RpsExample::label).toArray();
        List<Double> losses = new ArrayList<>();
        List<Double> validationLosses = new ArrayList<>();
        BrianWeights best;
        int bestEpoch;
        float[] checkX = validation.isEmpty() ? head(x, Math.min(train.size(), CHECK_ROWS)) : head(vx, Math.min(validation.size(), CHECK_ROWS));
        float[] djl;
        try (Model model = Model.newInstance("rps-brian", Device.cpu(), DjlEngine.ENGINE)) {
            model.setBlock(BrianWeights.block(config.hidden1(), config.hidden2()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build())
                    .optDevices(new Device[] {Device.cpu()}))) {
                trainer.initialize(new Shape(1, F));
                Random rng = new Random(config.seed());
                int[] order = new int[train.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                int batches = (order.length + config.batchSize() - 1) / config.batchSize();
                best = null;
                bestEpoch = 0;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                    shuffle(order, rng);
                    double sum = 0;
                    for (int b = 0; b < batches; b++) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("brian training interrupted in epoch " + epoch);
                        }
                        double loss = step(trainer, x, y, order, b * config.batchSize(),
                                Math.min(order.length, (b + 1) * config.batchSize()));
                        sum += loss;
                        progress.onBatch(epoch, config.maxEpochs(), b + 1, batches, loss);
                    }
                    losses.add(sum / batches);
                    progress.onEpoch(epoch, config.maxEpochs(), sum / batches, (System.nanoTime() - t0) / 1e9);
                    if (validation.isEmpty()) {
                        continue;
                    }
                    double vloss = RpsEvaluation.logLoss(probabilities(model, vx), vy);
                    validationLosses.add(vloss);
                    if (vloss < bestLoss - 1e-6) {
                        bestLoss = vloss;
                        bestEpoch = epoch;
                        best = BrianWeights.of(model.getBlock(), config.hidden1(), config.hidden2());
                    } else if (epoch - bestEpoch >= config.patience()) {
                        break;
                    }
                }
                if (best == null) {
                    best = BrianWeights.of(model.getBlock(), config.hidden1(), config.hidden2());
                    bestEpoch = losses.size();
                } else {
                    best.copyInto(model.getBlock());
                }
                djl = flat(probabilities(model, checkX));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> onnxMeta = new LinkedHashMap<>();
        onnxMeta.put("family", BrianConfig.FAMILY);
        onnxMeta.put("config", config.asMap().toString());
        onnxMeta.put("features", String.join(",", RpsFeatures.NAMES));
        byte[] onnx = BrianOnnxExport.export(best, null, onnxMeta);
        double maxDiff;
        try (OnnxRpsPredictor served = new OnnxRpsPredictor(onnx, config.threads())) {
            maxDiff = maxAbsDiff(djl, flat(served.probabilities(rows(checkX))));
        }
        if (!(maxDiff <= MAX_EXPORT_DIFF)) {
            throw new IllegalStateException("brian's ONNX export disagrees with DJL: max |diff| " + maxDiff + " > " + MAX_EXPORT_DIFF);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("epochsRun", losses.size());
        details.put("bestEpoch", bestEpoch);
        details.put("epochMeanLoss", losses);
        details.put("validationLogLoss", validationLosses);
        details.put("parameters", best.parameterCount());
        details.put("onnxCheckedRounds", checkX.length / F);
        details.put("onnxMaxAbsDiffVsDjl", maxDiff);
        return new FittedRps(onnx, ModelVersion.ONNX, train.size(), seconds, details);
    }

    /** One Adam step on rounds order[from..to); returns the batch's mean loss. */
    private static double step(Trainer trainer, float[] x, float[] y, int[] order, int from, int to) {
        int n = to - from;
        float[] bx = new float[n * F];
        float[] by = new float[n];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(x, r * F, bx, i * F, F);
            by[i] = y[r];
        }
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray xa = batch.create(bx, new Shape(n, F));
            NDArray ya = batch.create(by, new Shape(n));
            double loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList logits = trainer.forward(new NDList(xa));
                NDArray l = trainer.getLoss().evaluate(new NDList(ya), logits);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** DJL's softmax probabilities, inference mode, [rows][3]. */
    private static double[][] probabilities(Model model, float[] x) {
        int n = x.length / F;
        double[][] out = new double[n][Move.COUNT];
        if (n == 0) {
            return out;
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray xa = m.create(x, new Shape(n, F));
            float[] p = model.getBlock().forward(new ParameterStore(m, false), new NDList(xa), false)
                    .singletonOrThrow().softmax(1).toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < Move.COUNT; c++) {
                    out[i][c] = p[i * Move.COUNT + c];
                }
            }
        }
        return out;
    }

    private static float[] features(List<RpsExample> rounds) {
        float[] x = new float[rounds.size() * F];
        for (int i = 0; i < rounds.size(); i++) {
            List<Double> f = rounds.get(i).features();
            for (int j = 0; j < F; j++) {
                x[i * F + j] = f.get(j).floatValue(); // the predictor casts to float the same way
            }
        }
        return x;
    }

    private static float[] head(float[] x, int rows) {
        return java.util.Arrays.copyOf(x, rows * F);
    }

    private static List<double[]> rows(float[] x) {
        List<double[]> rows = new ArrayList<>(x.length / F);
        for (int i = 0; i < x.length / F; i++) {
            double[] r = new double[F];
            for (int j = 0; j < F; j++) {
                r[j] = x[i * F + j];
            }
            rows.add(r);
        }
        return rows;
    }

    private static float[] flat(double[][] p) {
        float[] out = new float[p.length * Move.COUNT];
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < Move.COUNT; c++) {
                out[i * Move.COUNT + c] = (float) p[i][c];
            }
        }
        return out;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

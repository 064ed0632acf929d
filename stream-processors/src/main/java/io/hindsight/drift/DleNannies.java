package io.hindsight.drift;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.model.Sha256;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * The DLE nanny models, deserialized once per sha256 from their Tribuo protobuf bytes (read from
 * {@code model-artifacts}; never Java serialization) and kept while in use. The loading mirrors the predictor's
 * registry (stages share no code): check the sha256, parse the protobuf, insist on a regression model.
 */
final class DleNannies {
    /** Nannies kept deserialized; a few versions are live at a time (Production, shadows, a challenger). */
    static final int CACHE = 16;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DleNannies.class);
    private final Map<String, Nanny> bySha = new LinkedHashMap<>(CACHE, 0.75f, true);
    /** Bytes that did not load, by sha256: not parsed again (content-addressed, they cannot change). */
    private final Map<String, String> failed = new java.util.HashMap<>();

    /**
     * A loaded nanny, or null when its bytes are missing; throws if they are not a regression model for these
     * features. The bytes are read only when the nanny is not loaded yet: they are a whole model (tens to hundreds
     * of KB) in a state store, and reading them for every output cost more than the prediction.
     */
    synchronized Nanny get(String sha256, java.util.function.Supplier<byte[]> bytesIfMissing) throws Exception {
        Nanny n = bySha.get(sha256);
        if (n != null) {
            return n;
        }
        String why = failed.get(sha256);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        byte[] bytes = bytesIfMissing.get();
        if (bytes == null) {
            return null;
        }
        try {
            n = load(sha256, bytes);
        } catch (Exception e) {
            failed.put(sha256, e.toString());
            log.warn("DLE nanny {} does not load; its model's outputs get no estimate: {}", sha256, e.toString());
            throw e;
        }
        bySha.put(sha256, n);
        if (bySha.size() > CACHE) {
            Iterator<String> eldest = bySha.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static Nanny load(String sha256, byte[] bytes) throws Exception {
        String actual = Sha256.hex(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalArgumentException("nanny bytes hash to " + actual + ", not " + sha256);
        }
        Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
        if (!model.validate(Regressor.class)) {
            throw new IllegalArgumentException("a DLE nanny must be a regression model, not " + model.getClass().getName());
        }
        if (model instanceof org.tribuo.common.xgboost.XGBoostModel<?> xgb) {
            // One row per call: XGBoost's own threads (trained with 2) only add their start-up and spin-wait to
            // every prediction, on a stream thread that does one per model output.
            xgb.setNumThreads(1);
        }
        return new Nanny((Model<Regressor>) model);
    }

    /** One nanny: the squared log error it expects of a prediction. Predictions are serialized per nanny (native XGBoost). */
    static final class Nanny {
        private static final String[] NAMES = DleFeatures.NAMES.toArray(String[]::new);
        private final Model<Regressor> model;

        Nanny(Model<Regressor> model) {
            this.model = model;
        }

        /** Estimated (log1p(predicted) - log1p(actual))^2 of predicting {@code predictedKcal} for {@code request}, floored at 0. */
        synchronized double squaredLogError(CaloriesRecord request, double predictedKcal) {
            double v = model.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES,
                    DleFeatures.vector(request, predictedKcal))).getOutput().getValues()[0];
            return Double.isFinite(v) ? Math.max(0.0, v) : Double.NaN;
        }
    }
}

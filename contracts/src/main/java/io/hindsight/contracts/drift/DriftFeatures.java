package io.hindsight.contracts.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.digits.DigitSummary;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features drift is measured on, per task, and the reference histograms of them: one definition used by
 * the trainer (to record the reference with the model) and the drift monitor (to bin live requests).
 * <ul>
 *   <li>calories: the 7 model inputs of {@link CaloriesFeatures} (Sex as 1 male / 0 female);</li>
 *   <li>digits: the {@link DigitSummary} of the model input (after preprocessing), not the 784 pixels.</li>
 * </ul>
 * rps has no drift features yet.
 */
public final class DriftFeatures {
    /** Quantile bins per feature, as PSI is usually computed. */
    public static final int DEFAULT_BINS = 10;

    private DriftFeatures() {
    }

    public static boolean supports(Task task) {
        return task == Task.CALORIES || task == Task.DIGITS;
    }

    public static List<String> names(Task task) {
        return switch (task) {
            case CALORIES -> CaloriesFeatures.NAMES;
            case DIGITS -> DigitSummary.NAMES;
            case RPS -> throw new IllegalArgumentException("no drift features for rps yet");
        };
    }

    public static double[] calories(CaloriesRecord r) {
        return CaloriesFeatures.vector(r);
    }

    public static double[] digits(float[] modelInput) {
        return DigitSummary.of(modelInput);
    }

    /**
     * Reads a raw request of the task against its schema and returns its drift features in {@link #names}
     * order; null for a digits draft (a half-drawn digit is not a request the model is judged on). A request
     * that fails the schema or cannot be turned into a model input is a failed Parsed, never an exception.
     */
    public static Parsed<double[]> fromRequest(Task task, byte[] bytes) {
        switch (task) {
            case CALORIES -> {
                Parsed<CaloriesRecord> p = CaloriesWire.REQUEST.read(bytes);
                return p.isOk() ? Parsed.ok(calories(p.value())) : Parsed.failed(p.errors());
            }
            case DIGITS -> {
                Parsed<DigitsRequest> p = DigitsWire.REQUEST.read(bytes);
                if (!p.isOk()) {
                    return Parsed.failed(p.errors());
                }
                if (p.value().isDraft()) {
                    return Parsed.ok(null);
                }
                try {
                    return Parsed.ok(digits(p.value().toModelInput()));
                } catch (RuntimeException e) {
                    return Parsed.failed(List.of(new FieldError("$", String.valueOf(e.getMessage()))));
                }
            }
            default -> throw new IllegalArgumentException("no drift features for " + task.id() + " yet");
        }
    }

    /** Reference histograms of rows (each in {@code names} order), {@link #DEFAULT_BINS} quantile bins each. */
    public static Map<String, FeatureReference> reference(List<String> names, List<double[]> rows) {
        return reference(names, rows, DEFAULT_BINS);
    }

    public static Map<String, FeatureReference> reference(List<String> names, List<double[]> rows, int bins) {
        Map<String, FeatureReference> out = new LinkedHashMap<>();
        for (int f = 0; f < names.size(); f++) {
            double[] column = new double[rows.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = rows.get(i)[f];
            }
            out.put(names.get(f), FeatureReference.fit(column, bins));
        }
        return out;
    }
}

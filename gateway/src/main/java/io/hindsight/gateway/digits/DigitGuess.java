package io.hindsight.gateway.digits;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.gateway.http.ServedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One model's guess as the digits routes and the live socket show it: the digit, the ten class probabilities
 * (rounded to 6 decimals), the three likeliest digits and the model. A model that sent no probabilities is
 * shown as certain of its digit.
 */
@JsonPropertyOrder({"digit", "probabilities", "top3", "model"})
public record DigitGuess(int digit, List<Double> probabilities, List<Ranked> top3, ServedModel model) {

    @JsonPropertyOrder({"digit", "p"})
    public record Ranked(int digit, double p) {
    }

    public static DigitGuess of(ModelOutput output) {
        int digit = (int) Math.max(0, Math.min(DigitsWire.CLASSES - 1, Math.round(output.value())));
        List<Double> p = new ArrayList<>(DigitsWire.CLASSES);
        List<Double> scores = output.scores();
        for (int c = 0; c < DigitsWire.CLASSES; c++) {
            double v = scores.size() == DigitsWire.CLASSES ? scores.get(c) : (c == digit ? 1.0 : 0.0);
            p.add(Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : 0.0);
        }
        List<Ranked> ranked = new ArrayList<>(DigitsWire.CLASSES);
        for (int c = 0; c < DigitsWire.CLASSES; c++) {
            ranked.add(new Ranked(c, p.get(c)));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::p).reversed().thenComparingInt(Ranked::digit));
        return new DigitGuess(digit, List.copyOf(p), List.copyOf(ranked.subList(0, 3)), ServedModel.of(output));
    }

    /** The probability of the guessed digit. */
    public double confidence() {
        return probabilities.get(digit);
    }
}

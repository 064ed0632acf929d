package io.hindsight.predictor.task;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Digits: pixels, a canvas bitmap or strokes, preprocessed into an MNIST field by the same code the trainer
 * used; classified into 10 classes by an ONNX CNN or a Tribuo model on the pixels.
 */
final class DigitsServing implements TaskServing {
    private static final List<String> PIXEL_NAMES = pixelNames();

    @Override
    public Task task() {
        return Task.DIGITS;
    }

    @Override
    public Parsed<ServingInput> parse(byte[] value) {
        Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(value);
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        DigitsRequest r = parsed.value();
        float[] pixels;
        try {
            pixels = r.toModelInput();
        } catch (IllegalArgumentException e) { // e.g. a bitmap whose data is not width x height
            String field = r.pixels() != null ? "pixels" : r.bitmap() != null ? "bitmap" : "strokes";
            return Parsed.failed(List.of(new FieldError(field, e.getMessage())));
        }
        return Parsed.ok(new ServingInput(r.id(), MnistDigits.widen(pixels), r.isDraft()));
    }

    @Override
    public List<String> featureNames() {
        return PIXEL_NAMES;
    }

    @Override
    public int classes() {
        return DigitsWire.CLASSES;
    }

    @Override
    public DoubleUnaryOperator regressionTarget() {
        return DoubleUnaryOperator.identity();
    }

    @Override
    public long[] onnxInputShape() {
        return new long[] {-1, 1, DigitPreprocessing.SIDE, DigitPreprocessing.SIDE};
    }

    private static List<String> pixelNames() {
        List<String> names = new ArrayList<>(DigitPreprocessing.PIXELS);
        for (int i = 0; i < DigitPreprocessing.PIXELS; i++) {
            names.add(String.format("p%03d", i));
        }
        return List.copyOf(names);
    }
}

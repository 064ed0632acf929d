package io.hindsight.predictor.registry;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.predictor.task.TaskServing;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/**
 * Turns a model version's metadata and bytes into a {@link ServableModel}, refusing anything that is not
 * for this task, whose bytes do not match their sha256, or whose format or shape this task cannot serve.
 * Formats: Tribuo protobuf (regression or classification) and ONNX; never Java serialization.
 */
public final class ModelLoader {
    private final TaskServing task;
    private final int onnxThreads;

    public ModelLoader(TaskServing task, int onnxThreads) {
        this.task = task;
        this.onnxThreads = onnxThreads;
    }

    public ServableModel load(ModelVersion meta, byte[] bytes) throws Exception {
        if (!task.task().id().equals(meta.task())) {
            throw new IllegalArgumentException("model is for task " + meta.task());
        }
        String sha = Sha256.hex(bytes);
        if (!sha.equals(meta.artifactSha256())) {
            throw new IllegalArgumentException("artifact sha256 " + sha + " does not match " + meta.artifactSha256());
        }
        return switch (meta.format()) {
            case ModelVersion.TRIBUO_PROTOBUF -> tribuo(meta, bytes);
            case ModelVersion.ONNX -> onnx(bytes);
            default -> throw new IllegalArgumentException("format " + meta.format() + " is not served");
        };
    }

    private ServableModel tribuo(ModelVersion meta, byte[] bytes) throws Exception {
        Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
        String[] names = (meta.features().isEmpty() ? task.featureNames() : meta.features()).toArray(String[]::new);
        if (task.classes() == 0) {
            if (!model.validate(Regressor.class)) {
                throw new IllegalArgumentException("not a regression model: " + model.getClass().getName());
            }
            @SuppressWarnings("unchecked")
            Model<Regressor> regressor = (Model<Regressor>) model;
            return new TribuoRegressionModel(regressor, names, task.regressionTarget());
        }
        if (!model.validate(Label.class)) {
            throw new IllegalArgumentException("not a classification model: " + model.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        Model<Label> classifier = (Model<Label>) model;
        return new TribuoClassificationModel(classifier, names, task.classes(), task::classIndex);
    }

    private ServableModel onnx(byte[] bytes) throws Exception {
        long[] shape = task.onnxInputShape();
        if (shape == null || task.classes() == 0) {
            throw new IllegalArgumentException("task " + task.task().id() + " serves no ONNX models");
        }
        return new OnnxClassificationModel(bytes, shape, task.classes(), onnxThreads);
    }
}

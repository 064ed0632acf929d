package io.hindsight.predictor.task;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Rps: predicts the player's next move (rock 0, paper 1, scissors 2) from the 50-feature vector the game
 * processor computed. Each request names the model that moves the bot, (family, alias), so requests are
 * routed per request, and a game is answered (uniformly) even before its family has a model.
 */
final class RpsServing implements TaskServing {

    @Override
    public Task task() {
        return Task.RPS;
    }

    @Override
    public Parsed<ServingInput> parse(byte[] value) {
        Parsed<RpsRequest> parsed = RpsWire.REQUEST.read(value); // the schema pins 50 features, family and alias
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        RpsRequest r = parsed.value();
        if (!RpsRequest.idOf(r.gameId(), r.round()).equals(r.id())) {
            // The id is what predictions and feedback are joined on, and the joiner reads the round from it.
            return Parsed.failed(List.of(new FieldError("id", "must be gameId:round (\"" + RpsRequest.idOf(r.gameId(), r.round())
                    + "\"), was \"" + r.id() + "\"")));
        }
        for (int i = 0; i < r.features().size(); i++) {
            Double v = r.features().get(i);
            if (v == null || !Double.isFinite(v)) {
                return Parsed.failed(List.of(new FieldError("features/" + i, "must be a finite number, was " + v)));
            }
        }
        return Parsed.ok(new ServingInput(r.id(), r.featureArray(), false, new ServingInput.Route(r.family(), r.alias())));
    }

    @Override
    public List<String> featureNames() {
        return RpsFeatures.NAMES;
    }

    @Override
    public int classes() {
        return Move.COUNT;
    }

    @Override
    public int classIndex(String label) {
        int c = TaskServing.super.classIndex(label);
        if (c >= 0) {
            return c;
        }
        try {
            return Move.fromId(label).index();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    @Override
    public DoubleUnaryOperator regressionTarget() {
        return DoubleUnaryOperator.identity();
    }

    @Override
    public long[] onnxInputShape() {
        return new long[] {-1, RpsFeatures.COUNT};
    }

    @Override
    public boolean routesPerRequest() {
        return true;
    }

    /** Requests are keyed by game id, predictions by "gameId:round": they are not co-partitioned. */
    @Override
    public boolean requestsKeyedByRequestId() {
        return false;
    }
}

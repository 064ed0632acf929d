package io.hindsight.predictor.batch;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.predictor.registry.LoadedModel;
import io.hindsight.predictor.registry.RawOutput;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.predictor.task.ServingInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prediction for a task whose requests name their model (rps): the request's (family, alias) serves and
 * the family's other loaded aliases shadow it; other families' models never see it. Every loaded alias of
 * a family thus predicts every request of that family, so the batch is grouped by family and each model
 * called once per batch with the family's rows, whatever aliases they are routed to.
 */
final class RoutedPrediction {
    private static final Logger log = LoggerFactory.getLogger(RoutedPrediction.class);

    private RoutedPrediction() {
    }

    static List<Answer> predict(List<ServingInput> inputs, ServingModels models, int classes) {
        Map<String, List<Integer>> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            byFamily.computeIfAbsent(inputs.get(i).route().family(), f -> new ArrayList<>()).add(i);
        }
        Answer[] answers = new Answer[inputs.size()];
        byFamily.forEach((family, indices) -> predictFamily(inputs, indices, models.family(family), classes, answers));
        return List.of(answers);
    }

    private static void predictFamily(List<ServingInput> inputs, List<Integer> indices, List<LoadedModel> familyModels,
                                      int classes, Answer[] answers) {
        List<double[]> rows = new ArrayList<>(indices.size());
        Set<String> servedAliases = new HashSet<>();
        for (int i : indices) {
            rows.add(inputs.get(i).features());
            servedAliases.add(inputs.get(i).route().alias());
        }
        Map<LoadedModel, List<RawOutput>> outputs = new LinkedHashMap<>(); // alias order: shadows keep it
        for (LoadedModel m : familyModels) {
            try {
                outputs.put(m, m.predict(rows));
            } catch (RuntimeException e) {
                if (servedAliases.contains(m.alias())) {
                    throw e; // a served model's failure fails the batch: it is retried, as for Production
                }
                log.warn("shadow {}/{} {} failed on {} rows: {}", m.family(), m.alias(), m.version(), rows.size(), e.getMessage());
            }
        }
        for (int j = 0; j < indices.size(); j++) {
            ServingInput.Route route = inputs.get(indices.get(j)).route();
            ModelOutput served = null;
            List<ModelOutput> shadows = new ArrayList<>(outputs.size());
            for (Map.Entry<LoadedModel, List<RawOutput>> e : outputs.entrySet()) {
                ModelOutput out = e.getKey().output(e.getValue().get(j));
                if (e.getKey().alias().equals(route.alias())) {
                    served = out;
                } else {
                    shadows.add(out);
                }
            }
            answers[indices.get(j)] = new Answer(served != null ? served : Fallback.uniform(route, classes), shadows);
        }
    }
}

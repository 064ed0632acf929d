package io.hindsight.predictor;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.predictor.batch.BatchPlan;
import io.hindsight.predictor.batch.Fallback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The predictor's meters, counted only after a batch's transaction committed, so an aborted and retried
 * batch is not counted twice. Prometheus names: hindsight_predictions_total{task,alias},
 * hindsight_replays_total{task}, hindsight_dlq_total{topic,stage}, hindsight_predict_batch_size,
 * hindsight_predict_seconds (with _bucket), hindsight_predictor_fallback_total{task,family,alias} (rps requests answered
 * uniformly because their model is not loaded; these are not counted as predictions).
 */
final class PredictorMetrics {
    private final MeterRegistry registry;
    private final String task;
    private final Counter replays;
    private final Counter dlq;
    private final DistributionSummary batchSize;
    private final Timer batchTime;

    PredictorMetrics(MeterRegistry registry, String task, String requestsTopic) {
        this.registry = registry;
        this.task = task;
        this.replays = Counter.builder("hindsight.replays").description("repeated request ids answered with the original prediction")
                .tag("task", task).register(registry);
        this.dlq = Counter.builder("hindsight.dlq").description("records sent to a dead-letter topic")
                .tag("topic", requestsTopic).tag("stage", "predictor").register(registry);
        this.batchSize = DistributionSummary.builder("hindsight.predict.batch.size").description("requests per poll/transaction")
                .tag("task", task).register(registry);
        // A histogram, not only sum/count: the request path's tail is the wait for these transactions
        // (docs/benchmarks.md, fourth round), and a mean hides it.
        this.batchTime = Timer.builder("hindsight.predict").description("one batch: validate, predict, produce, commit")
                .tag("task", task).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    void committed(BatchPlan plan, int records, long nanos) {
        batchSize.record(records);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
        replays.increment(plan.replays());
        dlq.increment(plan.rejected().size());
        Map<String, Integer> perAlias = new HashMap<>();
        Map<List<String>, Integer> fallbacks = new HashMap<>();
        for (PredictionRecord p : plan.fresh()) {
            if (Fallback.isFallback(p.served())) {
                fallbacks.merge(List.of(p.served().family(), p.served().alias()), 1, Integer::sum);
            } else {
                perAlias.merge(p.served().alias(), 1, Integer::sum);
            }
            for (ModelOutput s : p.shadows()) {
                perAlias.merge(s.alias(), 1, Integer::sum);
            }
        }
        perAlias.forEach((alias, n) -> Counter.builder("hindsight.predictions").description("predictions made, per alias (shadows included)")
                .tag("task", task).tag("alias", alias).register(registry).increment(n));
        fallbacks.forEach((route, n) -> Counter.builder("hindsight.predictor.fallback")
                .description("requests answered uniformly because the model they name is not loaded")
                .tag("task", task).tag("family", route.get(0)).tag("alias", route.get(1)).register(registry).increment(n));
    }
}

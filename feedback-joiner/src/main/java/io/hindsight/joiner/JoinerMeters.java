package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The joiner's Prometheus meters. Prometheus names: hindsight_scored_total{task,family,version,alias},
 * hindsight_orphans_total{task,reason}, hindsight_dlq_total{topic,stage="joiner"} (topic: the feedback or the predictions topic the dead letter came from),
 * hindsight_feedback_lag_seconds{task,family,version,alias} (histogram),
 * hindsight_predicted_value{task,family,version,alias} (histogram; for a classifier le="k.5" bounds, so
 * class k is bucket k.5 minus bucket (k-1).5),
 * and the hindsight_rolling_* gauges of {@link RollingGauges}. Classifiers add
 * hindsight_classified_total{task,family,version,alias,correct="true"|"false"} and
 * hindsight_joiner_confusion_total{task,family,version,alias,truth,predicted} (truth and predicted are class
 * labels "0".."9" for digits, predicted "other" for a value that is no class: at most classes x (classes + 1)
 * series per model version and alias, registered on first occurrence).
 *
 * <p>rps adds hindsight_rps_games_total{family,version,alias,won="true"|"false"} (games finished by the served
 * output) and hindsight_rps_points{family,version,alias,result="win"|"loss"|"tie"}, a summary of the bot's
 * points per round had the output moved it, by the bot's result, recorded as magnitudes because Micrometer
 * summaries drop negative amounts: net points = sum{result="win"} - sum{result="loss"}, rounds = count
 * summed over results. Move accuracy is hindsight_classified_total; rolling win rate and points per round
 * are gauges ({@link RollingGauges}). hindsight_joiner_fallback_total{task,alias} counts outputs the
 * predictor made with no model (bot played at random), which are never scored.
 *
 * <p>Fed from committed output topics (and, for fallback, committed predictions), so counts are
 * exactly-once, not "attempted".
 */
final class JoinerMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final String task;
    private final double maxLagSeconds;
    private final double[] predictedBuckets;
    /** Null for a regression. */
    private final Classes classes;
    private final RollingGauges gauges;
    /** Per model version and alias: a version is born rarely, so the series stay few. */
    private final Map<List<String>, AliasMeters> bySeries = new ConcurrentHashMap<>();
    /** Per model version, alias, truth and predicted class: bounded by the class count. */
    private final Map<List<String>, Counter> confusion = new ConcurrentHashMap<>();
    /** rps: per model version, alias and won / result: a handful per alias. */
    private final Map<List<String>, Counter> games = new ConcurrentHashMap<>();
    private final Map<List<String>, DistributionSummary> points = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallback = new ConcurrentHashMap<>();

    JoinerMeters(MeterRegistry registry, JoinerConfig config, String feedbackTopic) {
        TaskProfile profile = TaskProfile.of(config.task());
        this.registry = registry;
        this.task = config.task().id();
        this.maxLagSeconds = config.horizon().toMillis() / 1000.0;
        this.classes = profile.classes();
        this.predictedBuckets = classes == null ? profile.predictedBuckets() : classes.meterBuckets();
        this.gauges = new RollingGauges(registry, profile.classifier(), config.task() == Task.RPS);
        // Registered up front so the series exist at 0 before the first event.
        deadLetterCounter(feedbackTopic);
        deadLetterCounter(Topics.of(config.task()).predictions().name());
        for (String reason : List.of(Orphan.UNKNOWN, Orphan.EXPIRED, Orphan.DUPLICATE)) {
            orphanCounter(reason);
        }
    }

    void scored(ScoredRecord s) {
        AliasMeters m = bySeries.computeIfAbsent(List.of(s.family(), s.version(), s.alias()), this::aliasMeters);
        m.scored().increment();
        m.lag().record(Math.max(s.lagMs(), 0) / 1000.0); // clock skew can make it negative; summaries drop those
        m.predicted().record(s.predicted());
        if (classes != null && s.correct() != null) {
            (s.correct() ? m.correct() : m.wrong()).increment();
            String truth = classes.label(classes.indexOf(s.truth()));
            String predicted = classes.label(classes.indexOf(s.predicted()));
            confusion.computeIfAbsent(List.of(s.family(), s.version(), s.alias(), truth, predicted), this::confusionCounter)
                    .increment();
        }
        if (s.points() != null) {
            double p = s.points();
            String result = p > 0 ? "win" : p < 0 ? "loss" : "tie";
            points.computeIfAbsent(List.of(s.family(), s.version(), s.alias(), result), this::pointsSummary).record(Math.abs(p));
        }
        if (s.gameWon() != null) {
            games.computeIfAbsent(List.of(s.family(), s.version(), s.alias(), s.gameWon().toString()), this::gamesCounter)
                    .increment();
        }
    }

    /** An output the predictor made without a model: not scored, only counted. */
    void fallback(String alias) {
        fallback.computeIfAbsent(alias == null ? "" : alias, a -> Counter.builder("hindsight.joiner.fallback")
                .description("outputs made with no model (the bot played at random): never scored")
                .tag("task", task).tag("alias", a).register(registry)).increment();
    }

    private DistributionSummary pointsSummary(List<String> key) {
        return DistributionSummary.builder("hindsight.rps.points")
                .description("rps: the bot's points per round had this output moved it, as magnitudes by the bot's result")
                .tag("family", key.get(0)).tag("version", key.get(1)).tag("alias", key.get(2)).tag("result", key.get(3))
                .register(registry);
    }

    private Counter gamesCounter(List<String> key) {
        return Counter.builder("hindsight.rps.games")
                .description("rps: games finished by the served output, by whether the bot won")
                .tag("family", key.get(0)).tag("version", key.get(1)).tag("alias", key.get(2)).tag("won", key.get(3))
                .register(registry);
    }

    /** {@code correct} and {@code wrong} are null for a regression. */
    private record AliasMeters(Counter scored, DistributionSummary lag, DistributionSummary predicted,
                               Counter correct, Counter wrong) {
    }

    private AliasMeters aliasMeters(List<String> series) {
        String family = series.get(0);
        String version = series.get(1);
        String alias = series.get(2);
        return new AliasMeters(
                Counter.builder("hindsight.scored").description("model outputs scored against ground truth")
                        .tag("task", task).tag("family", family).tag("version", version).tag("alias", alias).register(registry),
                DistributionSummary.builder("hindsight.feedback.lag").baseUnit("seconds")
                        .description("feedback event time minus prediction time")
                        .tag("task", task).tag("family", family).tag("version", version).tag("alias", alias)
                        .publishPercentileHistogram().minimumExpectedValue(0.1)
                        .maximumExpectedValue(Math.max(maxLagSeconds, 1.0))
                        .register(registry),
                DistributionSummary.builder("hindsight.predicted.value").description("predicted values that got scored")
                        .tag("task", task).tag("family", family).tag("version", version).tag("alias", alias)
                        .serviceLevelObjectives(predictedBuckets)
                        .register(registry),
                classes == null ? null : classifiedCounter(family, version, alias, true),
                classes == null ? null : classifiedCounter(family, version, alias, false));
    }

    private Counter classifiedCounter(String family, String version, String alias, boolean correct) {
        return Counter.builder("hindsight.classified")
                .description("classifier outputs scored against ground truth, by whether they named the true class")
                .tag("task", task).tag("family", family).tag("version", version).tag("alias", alias)
                .tag("correct", Boolean.toString(correct)).register(registry);
    }

    private Counter confusionCounter(List<String> cell) {
        return Counter.builder("hindsight.joiner.confusion")
                .description("classifier outputs scored against ground truth, by true and predicted class")
                .tag("task", task).tag("family", cell.get(0)).tag("version", cell.get(1)).tag("alias", cell.get(2))
                .tag("truth", cell.get(3)).tag("predicted", cell.get(4)).register(registry);
    }

    void orphan(Orphan o) {
        orphanCounter(o.reason()).increment();
    }

    void deadLetter(String sourceTopic) {
        deadLetterCounter(sourceTopic).increment();
    }

    void rolling(RollingMetrics m) {
        gauges.update(m);
    }

    RollingGauges gauges() {
        return gauges;
    }

    private Counter orphanCounter(String reason) {
        return Counter.builder("hindsight.orphans").description("feedback that scored nothing, by reason")
                .tag("task", task).tag("reason", reason).register(registry);
    }

    private Counter deadLetterCounter(String topic) {
        // Same description as the other stages: Prometheus keeps one HELP line per metric name.
        return Counter.builder("hindsight.dlq").description("records sent to a dead-letter topic")
                .tag("topic", topic).tag("stage", FeedbackJoinTopology.STAGE).register(registry);
    }

    @Override
    public void close() {
        gauges.close();
    }
}

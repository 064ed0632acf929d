package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.predictor.batch.BatchPlan;
import io.hindsight.predictor.batch.BatchPlanner;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.predictor.task.TaskServing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PredictorMetricsTest {

    @Test
    void rpsFallbacksAreCountedPerFamilyAndAliasAndNotAsPredictions() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PredictorMetrics metrics = new PredictorMetrics(meters, "rps", "rps.requests");
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(
                record(0, RpsRequests.request("g1", 1, "forrest", Aliases.PRODUCTION)),
                record(1, RpsRequests.request("g2", 1, "forrest", Aliases.PRODUCTION)),
                record(2, RpsRequests.request("g3", 1, "brian", Aliases.B)));
        BatchPlan plan = new BatchPlanner(TaskServing.of(Task.RPS))
                .plan(batch, ServingModels.EMPTY, new SeenRequests(Duration.ofHours(1)), 1_000L);

        metrics.committed(plan, batch.size(), 1_000_000);

        assertThat(meters.get("hindsight.predictor.fallback").tags("task", "rps", "family", "forrest", "alias", "Production")
                .counter().count()).isEqualTo(2.0);
        assertThat(meters.get("hindsight.predictor.fallback").tags("family", "brian", "alias", "B").counter().count()).isEqualTo(1.0);
        assertThat(meters.find("hindsight.predictions").counters()).isEmpty();
        assertThat(meters.scrape()).contains("hindsight_predictor_fallback_total{alias=\"B\",family=\"brian\",task=\"rps\"} 1.0");
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, RpsRequest r) {
        return new ConsumerRecord<>("rps.requests", 0, offset, 500L, TimestampType.CREATE_TIME, 0, 0,
                r.gameId().getBytes(), RpsRequests.json(r), new RecordHeaders(), Optional.empty());
    }
}

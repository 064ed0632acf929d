package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.Parsed;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The command end to end against a tiny HTTP server on a free loopback port. Runs end by --count and the
 * command returns only after every answer and feedback came back, so there is nothing to wait for.
 */
class SimulateCaloriesHttpIT {
    @TempDir
    Path dir;

    private final SimulateCli cli = new SimulateCli("calories");
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int simulate(String... args) {
        return cli.run(args);
    }

    @Test
    void streamsValidRecordsThenTheirTruthUnderTheSameIds() throws IOException {
        try (FakeServer server = new FakeServer("/v1/calories/predict", "/v1/calories/feedback")) {
            int code = simulate("--url", server.url(), "--seed", "5", "--count", "40", "--rate", "2000", "--burst", "10ms",
                    "--idle", "5ms", "--feedback-delay", "0s", "--id-prefix", "it-", "--progress", "lines");

            assertThat(code).as(err.toString()).isZero();
            List<CaloriesRow> rows = new CaloriesGenerator(5).next(40);
            Map<String, CaloriesRow> byId = new HashMap<>();
            assertThat(server.predicts).hasSize(40);
            for (JsonNode p : server.predicts) {
                Parsed<?> parsed = CaloriesWire.REQUEST.read(p);
                assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
                String id = p.get("id").asString();
                assertThat(id).startsWith("it-");
                CaloriesRow row = rows.get(Integer.parseInt(id.substring(3)));
                assertThat(p.get("Weight").asDouble()).isEqualTo(row.record().weight());
                byId.put(id, row);
            }
            assertThat(byId).hasSize(40);
            assertThat(server.contentTypes).allMatch("application/json"::equals);

            assertThat(server.feedbacks).hasSize(40);
            for (JsonNode f : server.feedbacks) {
                Parsed<?> parsed = CaloriesWire.FEEDBACK.read(f);
                assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
                assertThat(f.get("Calories").asDouble()).isEqualTo(byId.get(f.get("id").asString()).calories());
                assertThat(f.get("ts").asDouble()).isGreaterThan(1.7e9);
            }
            assertThat(out.toString()).contains("answered    40").contains("feedback    40 sent, 0 failed, 0 abandoned");
            assertThat(err.toString()).contains("sent 40  answered 40  feedback sent 40  pending 0  errors 0");
        }
    }

    @Test
    void seedRoutesSendIntegerIdsWhichTheSeedPeerRequires() throws IOException {
        try (FakeServer server = new FakeServer("/predict", "/feedback").chunked()) {
            int code = simulate("--url", server.url(), "--routes", "seed", "--count", "10", "--rate", "1000", "--idle", "0",
                    "--feedback-delay", "0s", "--feedback-share", "0.5", "--progress", "off");

            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(10).allMatch(p -> p.get("id").isIntegralNumber());
            long start = server.predicts.stream().mapToLong(p -> p.get("id").asLong()).min().orElseThrow();
            assertThat(start % RunIds.NUMBER_SLOT).isZero();
            long expected = java.util.stream.LongStream.range(0, 10).filter(s -> FeedbackSchedule.selected(s, 0.5)).count();
            assertThat(server.feedbacks).hasSize((int) expected)
                    .allMatch(f -> FeedbackSchedule.selected(f.get("id").asLong() - start, 0.5));
        }
    }

    @Test
    void loadModeReportsThroughputPercentilesAndErrorsByKind() throws IOException {
        try (FakeServer server = new FakeServer("/predict", "/feedback").failing(n -> n % 5 == 4)) {
            Path json = dir.resolve("summary.json");
            int code = simulate("--url", server.url(), "--routes", "seed", "--concurrency", "4", "--count", "200",
                    "--progress", "off", "--summary-json", json.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(160);
            assertThat(server.feedbacks).isEmpty();
            assertThat(out.toString()).contains("mode        load, concurrency 4").contains("answered    160")
                    .contains("errors      40 {predict http 503=40}").containsPattern("throughput  \\d+\\.\\d req/s")
                    .containsPattern("latency ms  p50 \\d+\\.\\d{3}  p95 \\d+\\.\\d{3}  p99 \\d+\\.\\d{3}  max \\d+\\.\\d{3}");
            JsonNode summary = Json.tree(Files.readAllBytes(json));
            assertThat(summary.get("answered").asLong()).isEqualTo(160);
            assertThat(summary.get("errors").get("predict http 503").asLong()).isEqualTo(40);
            assertThat(summary.get("requestsPerSecond").asDouble()).isPositive();
            JsonNode lat = summary.get("latencyMs");
            assertThat(lat.get("count").asLong()).isEqualTo(160);
            assertThat(lat.get("p50").asDouble()).isPositive();
            assertThat(lat.get("p50").asDouble()).isLessThanOrEqualTo(lat.get("p95").asDouble());
            assertThat(lat.get("p95").asDouble()).isLessThanOrEqualTo(lat.get("p99").asDouble());
            assertThat(lat.get("p99").asDouble()).isLessThanOrEqualTo(lat.get("max").asDouble());
        }
    }

    @Test
    void theJdkClientSendsTheSameRecords() throws IOException {
        try (FakeServer server = new FakeServer("/v1/calories/predict", "/v1/calories/feedback")) {
            int code = simulate("--url", server.url(), "--client", "jdk", "--concurrency", "2", "--count", "20",
                    "--progress", "off");
            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(20);
            assertThat(server.predicts).extracting(p -> p.get("id").asString()).doesNotHaveDuplicates();
        }
    }

    @Test
    void csvRecordsGoOutWithRunUniqueIdsAndTheirCsvTruth() throws IOException {
        Path csv = dir.resolve("train.csv");
        Files.write(csv, List.of("id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp,Calories",
                "0,male,36,189.0,82.0,26.0,101.0,41.0,150.0",
                "1,female,64,163.0,60.0,8.0,85.0,39.7,34.0",
                "2,male,x,1,1,1,1,1,1"));
        try (FakeServer server = new FakeServer("/v1/calories/predict", "/v1/calories/feedback")) {
            int code = simulate("--url", server.url(), "--csv", csv.toString(), "--rate", "1000", "--idle", "0",
                    "--feedback-delay", "0s", "--id-prefix", "csv-", "--progress", "off");

            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("train.csv:4: skipped: Age is not a number: 'x'");
            assertThat(server.predicts).extracting(p -> p.get("id").asString()).containsExactlyInAnyOrder("csv-0", "csv-1");
            assertThat(server.feedbacks).extracting(f -> f.get("id").asString() + "=" + f.get("Calories").asDouble())
                    .containsExactlyInAnyOrder("csv-0=150.0", "csv-1=34.0");
        }
    }

    @Test
    void exitsNonZeroWhenNothingWasAnswered() throws IOException {
        try (FakeServer server = new FakeServer("/v1/calories/predict", "/v1/calories/feedback").failing(n -> true)) {
            assertThat(simulate("--url", server.url(), "--count", "3", "--rate", "1000", "--idle", "0", "--progress", "off"))
                    .isEqualTo(1);
            assertThat(out.toString()).contains("errors      3 {predict http 503=3}");
            assertThat(server.feedbacks).isEmpty();
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(simulate("--url", "http://127.0.0.1:" + closedPort, "--count", "2", "--rate", "1000", "--idle", "0",
                "--progress", "off")).isEqualTo(1);
        assertThat(out.toString()).contains("predict connect refused=2");
    }
}

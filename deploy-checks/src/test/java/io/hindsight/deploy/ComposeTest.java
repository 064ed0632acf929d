package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and deploy/prometheus/prometheus.yml against the app, the image and contracts. */
class ComposeTest {
    static final Map<String, Object> COMPOSE = ComposeChecks.load(Repo.read("docker-compose.yml"));

    /**
     * Compares: the services with what the issue asks for: Kafka, one per role (gateway, predictor,
     * feedback-joiner, trainer), Prometheus, Grafana. YAML anchors and merge keys resolve as Compose does.
     */
    @Test
    void hasEveryService() {
        assertThat(ComposeChecks.services(COMPOSE)).containsKeys("kafka", "prometheus", "grafana");
        assertThat(ComposeChecks.roleServices(COMPOSE)).hasSize(AppFacts.ROLES.size());
    }

    /** Compares: the Kafka service with KRaft single-node settings and the app's Kafka version. */
    @Test
    void kafkaRunsInKraftMode() {
        ComposeChecks.kafka(COMPOSE);
    }

    /** Compares: the role services with the app's roles, env names, the Kafka listener and the image. */
    @Test
    void eachRoleIsAServiceFromTheOneImage() {
        ComposeChecks.roles(COMPOSE);
    }

    /** Compares: CPU limits with half the reference cores; predictor consumers with the partitions. */
    @Test
    void limitsFitTheMachine() {
        ComposeChecks.limits(COMPOSE);
    }

    /** Compares: the gateway's published port with its HTTP port, so http://localhost:8080 reaches it. */
    @Test
    void gatewayIsPublished() {
        Map.Entry<String, Map<String, Object>> gw = ComposeChecks.roleServices(COMPOSE).entrySet().stream()
                .filter(e -> "gateway".equals(ComposeChecks.env(e.getValue()).get("HINDSIGHT_ROLES"))).findFirst().orElseThrow();
        String port = ComposeChecks.env(gw.getValue()).getOrDefault("HINDSIGHT_HTTP_PORT", String.valueOf(AppFacts.defaultHttpPort()));
        assertThat(ComposeChecks.list(gw.getValue().get("ports"))).anyMatch(p -> p.endsWith(":" + port));
    }

    /**
     * Compares: the Prometheus config compose mounts (deploy/prometheus/prometheus.yml at the path given by
     * --config.file) with the role services: each scraped on its HTTP port and the app's /metrics path.
     */
    @Test
    void prometheusScrapesEveryRole() {
        Map<String, Object> prom = ComposeChecks.services(COMPOSE).get("prometheus");
        String configPath = ComposeChecks.list(prom.get("command")).stream().filter(c -> c.startsWith("--config.file="))
                .map(c -> c.substring("--config.file=".length())).findFirst().orElse("/etc/prometheus/prometheus.yml");
        String host = ComposeChecks.binds(prom).get(configPath);
        assertThat(host).as("prometheus mounts its config at %s", configPath).isEqualTo("./deploy/prometheus/prometheus.yml");
        ComposeChecks.prometheus(COMPOSE, ComposeChecks.load(Repo.read(host)));
    }

    /**
     * Compares: Grafana's mounts with the agreed paths (./grafana/provisioning -> /etc/grafana/provisioning,
     * ./grafana/dashboards -> /var/lib/grafana/dashboards) and its home dashboard with that folder.
     */
    @Test
    void grafanaMountsTheProvisioning() {
        Map<String, String> binds = ComposeChecks.binds(ComposeChecks.services(COMPOSE).get("grafana"));
        assertThat(binds).containsEntry("/etc/grafana/provisioning", "./grafana/provisioning")
                .containsEntry(GrafanaProvisioning.DASHBOARDS_IN_CONTAINER, "./grafana/dashboards");
        String home = ComposeChecks.env(ComposeChecks.services(COMPOSE).get("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(GrafanaProvisioning.DASHBOARDS_IN_CONTAINER + "/");
    }

    /**
     * Compares (once grafana/ exists; it is written separately): the provisioning files with compose: a
     * Prometheus datasource at the prometheus service's URL, a dashboard provider reading the folder compose
     * mounts, and the home dashboard file present.
     */
    @Test
    void grafanaProvisioningAgreesWithCompose() {
        assumeTrue(Files.isDirectory(Repo.path("grafana/provisioning")), "grafana/provisioning is not there yet");
        GrafanaProvisioning.check(COMPOSE);
    }

    /** Compares: volumes of the stateful roles with the image's data dir (Kafka Streams state survives a restart). */
    @Test
    void joinerStateIsAVolume() {
        String dataDir = ImageFacts.env().get("HINDSIGHT_DATA_DIR");
        Map<String, Object> joiner = ComposeChecks.roleServices(COMPOSE).values().stream()
                .filter(s -> "feedback-joiner".equals(ComposeChecks.env(s).get("HINDSIGHT_ROLES"))).findFirst().orElseThrow();
        List<String> volumes = ComposeChecks.list(joiner.get("volumes"));
        assertThat(volumes).as("the joiner's volumes").anyMatch(v -> v.split(":")[1].equals(dataDir));
        assertThat(Path.of(dataDir).isAbsolute()).isTrue();
    }
}

package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.hindsight.contracts.topics.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each check fails when the thing it compares is broken: the checks run on a copy of the real manifests with one
 * deliberate mistake, and must fail naming it. (A check that cannot fail checks nothing.)
 */
class ChecksCanFailTest {
    private static final List<HasMetadata> K8S = Kustomize.resources(KubernetesManifestsTest.BASE);
    private static final List<HasMetadata> STRIMZI = Kustomize.resources(StrimziResourcesTest.BASE);

    // ---- strict parsing

    @Test
    void aMisspeltFieldDoesNotParse() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: hindsight
                          livenesProbe: {httpGet: {path: /healthz, port: 8080}}
                """;
        fails(() -> KubeModels.parse(yaml, "test"), "livenesProbe");
    }

    @Test
    void aStrimziFieldOfAnotherApiVersionDoesNotParse() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                  zookeeper: {replicas: 3}
                """;
        fails(() -> KubeModels.parse(yaml, "test"), "zookeeper");
        fails(() -> KubeModels.parse("apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: t}\nspec: {partition: 3}\n",
                "test"), "partition");
    }

    @Test
    void anUnknownKindDoesNotParse() {
        fails(() -> KubeModels.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n", "test"), "Widget");
    }

    // ---- k8s/

    @Test
    void wrongProbePathsAndPortsFail() {
        fails(() -> ManifestChecks.probesAndPorts(mutate(K8S, Deployment.class, "hindsight-gateway",
                d -> container(d).getLivenessProbe().getHttpGet().setPath("/health"))), "/healthz");
        fails(() -> ManifestChecks.probesAndPorts(mutate(K8S, Deployment.class, "hindsight-predictor",
                d -> container(d).getReadinessProbe().getHttpGet().setPath("/healthz"))), "/readyz");
        fails(() -> ManifestChecks.probesAndPorts(mutate(K8S, Deployment.class, "hindsight-feedback-joiner",
                d -> container(d).getPorts().get(0).setContainerPort(9090))), "listens on 8080");
        fails(() -> ManifestChecks.probesAndPorts(mutate(K8S, Deployment.class, "hindsight-gateway",
                d -> container(d).getLivenessProbe().getHttpGet().setPort(new IntOrString(9999)))), "9999");
    }

    @Test
    void aMissingOrDoubledRoleFails() {
        fails(() -> ManifestChecks.roleDeployments(mutate(K8S, Deployment.class, "hindsight-predictor",
                d -> env(d, "HINDSIGHT_ROLES").setValue("gateway"))), "two Deployments run gateway");
        fails(() -> ManifestChecks.roleDeployments(mutate(K8S, Deployment.class, "hindsight-predictor",
                d -> env(d, "HINDSIGHT_ROLES").setValue("all"))), "exactly one of");
    }

    @Test
    void anUnknownVariableFails() {
        fails(() -> ManifestChecks.environment(mutate(K8S, Deployment.class, "hindsight-gateway",
                d -> container(d).getEnv().add(new EnvVar("HINDSIGHT_HTTP_PROT", "8080", null)))), "HINDSIGHT_HTTP_PROT");
        fails(() -> ManifestChecks.environment(mutate(K8S, ConfigMap.class, "hindsight-config",
                c -> c.getData().put("HINDSIGHT_BOOTSTRAP", "x:9092"))), "HINDSIGHT_BOOTSTRAP");
        fails(() -> ManifestChecks.environment(mutate(K8S, ConfigMap.class, "hindsight-config",
                c -> c.getData().remove("HINDSIGHT_BOOTSTRAP_SERVERS"))), "embedded broker");
    }

    @Test
    void missingLimitsFail() {
        fails(() -> ManifestChecks.resources(mutate(K8S, Job.class, "hindsight-first-models",
                j -> j.getSpec().getTemplate().getSpec().getInitContainers().get(0).getResources().getLimits().remove("memory"))),
                "memory limit");
    }

    @Test
    void rootOrAReplacedEntrypointFails() {
        fails(() -> ManifestChecks.security(mutate(K8S, Deployment.class, "hindsight-gateway",
                d -> d.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsUser(0L))), "uid 0");
        fails(() -> ManifestChecks.security(mutate(K8S, Deployment.class, "hindsight-gateway",
                d -> container(d).setCommand(List.of("java", "-jar", "/app/hindsight.jar")))), "entrypoint");
        fails(() -> ImageFacts.uid(DockerfileModel.parse("FROM eclipse-temurin:17-jre\nUSER root\n")), "not numeric");
        fails(() -> ImageFacts.uid(DockerfileModel.parse("FROM eclipse-temurin:17-jre\nUSER 0:0\n")), "root");
        fails(() -> ImageFacts.uid(DockerfileModel.parse("FROM eclipse-temurin:17-jre\n")), "no USER");
    }

    @Test
    void scalingPastThePartitionsFails() {
        fails(() -> ManifestChecks.scaling(mutate(K8S, HorizontalPodAutoscaler.class, "hindsight-predictor",
                h -> h.getSpec().setMaxReplicas(4))), "partitions");
        fails(() -> ManifestChecks.scaling(mutate(K8S, ConfigMap.class, "hindsight-config",
                c -> c.getData().put("HINDSIGHT_PREDICTOR_WORKERS", "2"))), "partitions");
        fails(() -> ManifestChecks.scaling(mutate(K8S, Deployment.class, "hindsight-feedback-joiner",
                d -> d.getSpec().setReplicas(5))), "idle");
        fails(() -> ManifestChecks.scaling(K8S.stream()
                .filter(o -> !(o instanceof HorizontalPodAutoscaler h && h.getMetadata().getName().equals("hindsight-gateway")))
                .toList()), "no HPA scales the gateway");
    }

    @Test
    void aBrokenJobCommandLineFails() {
        fails(() -> ManifestChecks.jobs(mutate(K8S, Job.class, "hindsight-first-models",
                j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("train", "digits", "--familly", "cnn")))),
                "do not parse");
        fails(() -> ManifestChecks.jobs(mutate(K8S, Job.class, "hindsight-first-models",
                j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("train", "calories", "--alias", "Prod")))),
                "--alias Prod");
        fails(() -> ManifestChecks.jobs(mutate(K8S, Job.class, "hindsight-first-models",
                j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of()))), "never finish");
    }

    @Test
    void anUnreachableGatewayFails() {
        fails(() -> ManifestChecks.gatewayServiceAndIngress(mutate(K8S, Ingress.class, "hindsight-gateway",
                i -> i.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().setName("gateway"))),
                "Service gateway");
        fails(() -> ManifestChecks.gatewayServiceAndIngress(mutate(K8S, Ingress.class, "hindsight-gateway",
                i -> i.getMetadata().getAnnotations().put("nginx.ingress.kubernetes.io/proxy-body-size", "1m"))), "upload");
    }

    // ---- strimzi/ and its wiring with k8s/

    @Test
    void topicsThatDisagreeWithTheCatalogFail() {
        fails(() -> StrimziChecks.topics(mutate(STRIMZI, KafkaTopic.class, "calories.requests",
                t -> t.getSpec().setPartitions(4)), Topics.all()), "calories.requests has 4 partitions");
        fails(() -> StrimziChecks.topics(mutate(STRIMZI, KafkaTopic.class, "calories.scored",
                t -> t.getSpec().getConfig().put("retention.ms", "1")), Topics.all()), "calories.scored config");
        fails(() -> StrimziChecks.topics(STRIMZI.stream()
                .filter(o -> !(o instanceof KafkaTopic t && t.getMetadata().getName().equals("digits.feedback.dlq"))).toList(),
                Topics.all()), "no KafkaTopic for catalog topic digits.feedback.dlq");
        List<HasMetadata> extra = new ArrayList<>(STRIMZI);
        KafkaTopic copy = KubeModels.SERIALIZATION.clone(ManifestChecks.find(STRIMZI, KafkaTopic.class, "models"));
        copy.getMetadata().setName("modles");
        extra.add(copy);
        fails(() -> StrimziChecks.topics(extra, Topics.all()), "modles is not in the catalog");
        fails(() -> StrimziChecks.topics(mutate(STRIMZI, KafkaTopic.class, "models", t -> t.getSpec().setReplicas(1)),
                Topics.all()), "different replicas");
    }

    @Test
    void anUnsoundClusterFails() {
        fails(() -> StrimziChecks.cluster(mutate(STRIMZI, Kafka.class, "hindsight",
                k -> k.getSpec().getKafka().getConfig().put("default.replication.factor", 4))), "default.replication.factor 4");
        fails(() -> StrimziChecks.cluster(mutate(STRIMZI, Kafka.class, "hindsight",
                k -> k.getSpec().getKafka().getConfig().put("min.insync.replicas", 4))), "no write could succeed");
        fails(() -> StrimziChecks.cluster(mutate(STRIMZI, KafkaNodePool.class, "controller",
                p -> p.getSpec().setReplicas(2))), "odd number");
        fails(() -> StrimziChecks.cluster(mutate(STRIMZI, KafkaNodePool.class, "broker",
                p -> p.getMetadata().getLabels().put(StrimziChecks.CLUSTER_LABEL, "other"))), "belongs to cluster other");
    }

    @Test
    void appAndKafkaThatDisagreeFail() {
        fails(() -> StrimziChecks.appWiring(mutate(K8S, ConfigMap.class, "hindsight-config",
                c -> c.getData().put("HINDSIGHT_BOOTSTRAP_SERVERS", "kafka:9092")), STRIMZI), "hindsight-kafka-bootstrap:9092");
        fails(() -> StrimziChecks.appWiring(mutate(K8S, ConfigMap.class, "hindsight-config",
                c -> c.getData().put("HINDSIGHT_REPLICATION_FACTOR", "1")), STRIMZI), "3 replicas");
    }

    // ---- compose and the Dockerfile

    @Test
    void composeMistakesFail() {
        fails(() -> ComposeChecks.roles(composeWith(c -> service(c, "predictor").put("environment",
                Map.of("HINDSIGHT_ROLES", "gateway", "HINDSIGHT_BOOTSTRAP_SERVERS", "kafka:19092")))), "two services run the gateway role");
        fails(() -> ComposeChecks.roles(composeWith(c -> env(service(c, "gateway")).put("HINDSIGHT_BOOTSTRAP_SERVERS", "kafka:9092"))),
                "not an advertised listener");
        fails(() -> ComposeChecks.roles(composeWith(c -> env(service(c, "trainer")).put("HINDSIGHT_TRAIN_ROW", "10"))),
                "HINDSIGHT_TRAIN_ROW");
        fails(() -> ComposeChecks.limits(composeWith(c -> limits(service(c, "kafka")).put("cpus", "2.0"))), "half the");
        fails(() -> ComposeChecks.kafka(composeWith(c -> service(c, "kafka").put("image", "apache/kafka:3.9.0"))), "3.9.0");
        fails(() -> ComposeChecks.kafka(composeWith(c -> env(service(c, "kafka")).put("CLUSTER_ID", "hindsight"))), "CLUSTER_ID");
        Map<String, Object> prom = ComposeChecks.load(Repo.read("deploy/prometheus/prometheus.yml"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prom.get("scrape_configs");
        jobs.removeIf(j -> "predictor".equals(j.get("job_name")));
        fails(() -> ComposeChecks.prometheus(ComposeTest.COMPOSE, prom), "predictor:8080/metrics");
    }

    @Test
    void aDockerignoreThatDropsTheJarFails() {
        assertThat(DockerfileModel.sentToBuild("*\n", "app/target/hindsight.jar")).isFalse();
        assertThat(DockerfileModel.sentToBuild("*\n!app/target/hindsight.jar\n", "app/target/hindsight.jar")).isTrue();
        assertThat(DockerfileModel.sentToBuild("*\n!app/target/hindsight.jar\napp/target\n", "app/target/hindsight.jar")).isFalse();
    }

    // ---- helpers

    private static void fails(ThrowingCallable check, String naming) {
        assertThatThrownBy(check).isInstanceOf(AssertionError.class).hasMessageContaining(naming);
    }

    /** A deep copy of the objects with one of them changed. */
    private static <T extends HasMetadata> List<HasMetadata> mutate(List<HasMetadata> objects, Class<T> type, String name,
                                                                     Consumer<T> change) {
        List<HasMetadata> copy = new ArrayList<>();
        boolean found = false;
        for (HasMetadata o : objects) {
            HasMetadata c = KubeModels.SERIALIZATION.clone(o);
            if (type.isInstance(c) && c.getMetadata().getName().equals(name)) {
                change.accept(type.cast(c));
                found = true;
            }
            copy.add(c);
        }
        assertThat(found).as("%s %s to mutate", type.getSimpleName(), name).isTrue();
        return copy;
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static EnvVar env(Deployment d, String name) {
        return container(d).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Object> composeWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> c = ComposeChecks.load(Repo.read("docker-compose.yml"));
        change.accept(c);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> limits(Map<String, Object> service) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) service.get("deploy")).get("resources")).get("limits");
    }
}

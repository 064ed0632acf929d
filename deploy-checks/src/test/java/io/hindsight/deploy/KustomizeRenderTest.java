package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hindsight.contracts.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kustomization as kubectl would apply it: `kubectl kustomize DIR` (kustomize v5 inside kubectl; local files,
 * no cluster, no network), the output parsed strictly with the fabric8 and Strimzi classes, then the same checks
 * as for the bases, now with patches, generators, namespaces and image overrides applied. Skipped where kubectl
 * is not installed.
 */
class KustomizeRenderTest {
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    @BeforeAll
    static void needsKubectl() {
        assumeTrue(Kustomize.kubectlAvailable(), "kubectl is not installed: the rendered overlays are not checked");
    }

    static List<HasMetadata> render(String dir) {
        return RENDERED.computeIfAbsent(dir, Kustomize::render);
    }

    /** Compares: the output of every kustomization under k8s/ and strimzi/ with the model classes (it parses). */
    @Test
    void everyKustomizationRendersAndParses() {
        for (String root : List.of("k8s", "strimzi")) {
            for (String dir : KubernetesManifestsTest.kustomizations(root)) {
                assertThat(render(dir)).as("kubectl kustomize %s", dir).isNotEmpty();
            }
        }
    }

    /** Compares: each rendered app kustomization with the app, the image and contracts (every ManifestChecks check). */
    @Test
    void renderedAppOverlaysAgreeWithTheApp() {
        for (String dir : KubernetesManifestsTest.kustomizations("k8s")) {
            List<HasMetadata> objects = render(dir);
            ManifestChecks.roleDeployments(objects);
            ManifestChecks.trainerIsCronJob(objects);
            ManifestChecks.probesAndPorts(objects);
            ManifestChecks.resources(objects);
            ManifestChecks.security(objects);
            ManifestChecks.environment(objects);
            ManifestChecks.gatewayServiceAndIngress(objects);
            ManifestChecks.scaling(objects);
            ManifestChecks.jobs(objects);
            ManifestChecks.oneImage(objects);
            assertThat(objects).as("%s puts everything in one namespace", dir)
                    .allMatch(o -> o.getKind().equals("Namespace") || "hindsight".equals(o.getMetadata().getNamespace()));
        }
    }

    /** Compares: each rendered Strimzi kustomization with contracts' catalog and KRaft soundness. */
    @Test
    void renderedStrimziOverlaysAgreeWithContracts() {
        for (String dir : KubernetesManifestsTest.kustomizations("strimzi")) {
            List<HasMetadata> objects = render(dir);
            StrimziChecks.cluster(objects);
            StrimziChecks.topics(objects, Topics.all());
        }
    }

    /**
     * Compares: the app overlays with the Strimzi overlays they are deployed with (base with base, kind with
     * kind): bootstrap Service, replication factor, namespace.
     */
    @Test
    void appAndKafkaOverlaysAgree() {
        StrimziChecks.appWiring(render("k8s/base"), render("strimzi/base"));
        StrimziChecks.appWiring(render("k8s/overlays/kind"), render("strimzi/overlays/kind"));
        StrimziChecks.appWiring(render("k8s/overlays/tilt"), render("strimzi/overlays/kind"));
    }

    /**
     * Compares: the kind overlay's admin token reference with the Secret its generator makes (kustomize renames
     * generated Secrets; a reference it did not rewrite would silently leave the admin routes off).
     */
    @Test
    void kindOverlayResolvesTheAdminToken() {
        List<HasMetadata> objects = render("k8s/overlays/kind");
        Container gw = ManifestChecks.roleDeployments(objects).get("gateway").hindsightContainers().get(0);
        EnvVar token = gw.getEnv().stream().filter(e -> e.getName().equals("HINDSIGHT_ADMIN_TOKEN")).findFirst().orElseThrow();
        Secret secret = ManifestChecks.find(objects, Secret.class, token.getValueFrom().getSecretKeyRef().getName());
        assertThat(secret).as("Secret %s", token.getValueFrom().getSecretKeyRef().getName()).isNotNull();
        assertThat(secret.getData()).containsKey("HINDSIGHT_ADMIN_TOKEN");
        String value = new String(java.util.Base64.getDecoder().decode(secret.getData().get("HINDSIGHT_ADMIN_TOKEN")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(value.length()).as("admin token length (the gateway refuses shorter)")
                .isGreaterThanOrEqualTo(io.hindsight.gateway.GatewayConfig.MIN_ADMIN_TOKEN_LENGTH);
    }

    /**
     * Compares: what Tilt deploys with what its live update needs: a writable root filesystem in the role
     * Deployments, and the image under the name Tilt builds.
     */
    @Test
    void tiltOverlayAllowsLiveUpdate() {
        for (Deployment d : ManifestChecks.of(render("k8s/overlays/tilt"), Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", d.getMetadata().getName())
                    .isFalse();
            assertThat(ImageFacts.isHindsight(c.getImage())).isTrue();
        }
        for (Deployment d : ManifestChecks.of(render("k8s/base"), Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                    .as("%s in the base keeps a read-only root filesystem", d.getMetadata().getName()).isTrue();
        }
    }
}

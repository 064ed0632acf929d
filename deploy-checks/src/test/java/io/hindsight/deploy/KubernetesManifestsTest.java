package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/base as written, parsed with fabric8's model classes (strictly: unknown fields fail), checked against the
 * app, the image and contracts. The overlays are checked after rendering, in KustomizeRenderTest.
 */
class KubernetesManifestsTest {
    static final String BASE = "k8s/base";
    private static final List<HasMetadata> OBJECTS = Kustomize.resources(BASE);

    /** Kustomization directories under a folder: any directory with a kustomization.yaml. */
    static List<String> kustomizations(String root) {
        return Repo.files(root, "kustomization.yaml").stream().map(p -> Repo.relative(p.getParent())).sorted().toList();
    }

    /**
     * Compares: the YAML and .env files under k8s/ with the files some kustomization refers to, so nothing is
     * written that `kubectl apply -k` would silently leave out, and every referenced file exists.
     */
    @Test
    void everyFileIsAppliedByAKustomization() {
        assertEveryFileReferenced("k8s");
    }

    static void assertEveryFileReferenced(String root) {
        Set<Path> referenced = new HashSet<>();
        for (String dir : kustomizations(root)) {
            for (Path p : Kustomize.referencedFiles(dir)) {
                assertThat(p).as("%s refers to %s", dir, Repo.relative(p)).exists();
                referenced.add(p);
            }
        }
        Set<String> orphans = new TreeSet<>();
        for (Path f : Repo.files(root, ".yaml", ".yml", ".env")) {
            if (!referenced.contains(f.toAbsolutePath().normalize())) {
                orphans.add(Repo.relative(f));
            }
        }
        assertThat(orphans).as("files under %s/ no kustomization applies", root).isEmpty();
    }

    /** Compares: the kinds in k8s/base with what the issue asks for (each parsed by its fabric8 class). */
    @Test
    void baseHasEveryKindItNeeds() {
        Set<String> kinds = new TreeSet<>();
        OBJECTS.forEach(o -> kinds.add(o.getKind()));
        assertThat(kinds).contains("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "ConfigMap", "CronJob");
    }

    /** Compares: the Deployments' HINDSIGHT_ROLES with the app's roles (one Deployment each), the trainer with a CronJob. */
    @Test
    void oneDeploymentPerRoleAndTheTrainerOnASchedule() {
        assertThat(ManifestChecks.roleDeployments(OBJECTS)).containsOnlyKeys(ManifestChecks.DEPLOYED_ROLES);
        ManifestChecks.trainerIsCronJob(OBJECTS);
    }

    /** Compares: ports and probe paths with the app's HTTP port and GatewayRoutes.HEALTHZ / READYZ / METRICS. */
    @Test
    void probesAndPortsAgreeWithTheApp() {
        ManifestChecks.probesAndPorts(OBJECTS);
    }

    /** Compares: every container's requests and limits (CPU, memory) with "both set, request within limit". */
    @Test
    void everyContainerHasRequestsAndLimits() {
        ManifestChecks.resources(OBJECTS);
    }

    /** Compares: pod security with the image's numeric USER; containers keep the image entrypoint. */
    @Test
    void podsRunAsTheImageUser() {
        ManifestChecks.security(OBJECTS);
    }

    /** Compares: every variable given to a Hindsight container with the variables the app and the image read. */
    @Test
    void environmentNamesAreOnesTheAppReads() {
        ManifestChecks.environment(OBJECTS);
    }

    /** Compares: the gateway Service and Ingress with the gateway pods' labels and http port. */
    @Test
    void gatewayIsReachable() {
        ManifestChecks.gatewayServiceAndIngress(OBJECTS);
    }

    /** Compares: the HPAs with the Deployments they scale and the partition counts of contracts' topics. */
    @Test
    void scalingStaysWithinThePartitions() {
        ManifestChecks.scaling(OBJECTS);
    }

    /** Compares: the Job and CronJob command lines with the app's picocli commands and aliases. */
    @Test
    void jobsRunValidHindsightCommands() {
        ManifestChecks.jobs(OBJECTS);
    }

    /** Compares: every container image with the one Hindsight image. */
    @Test
    void everyWorkloadRunsTheOneImage() {
        ManifestChecks.oneImage(OBJECTS);
    }

    /** Compares: the ConfigMap's bootstrap servers and replication factor with strimzi/base's cluster and topics. */
    @Test
    void baseTalksToTheStrimziCluster() {
        StrimziChecks.appWiring(OBJECTS, Kustomize.resources(StrimziResourcesTest.BASE));
    }

    /**
     * Compares: the base with "carries no admin token": no Secret is committed, and the gateway's reference to
     * hindsight-admin is optional (admin routes stay off until an operator creates the Secret).
     */
    @Test
    void baseShipsNoAdminToken() {
        assertThat(ManifestChecks.of(OBJECTS, Secret.class)).isEmpty();
        var gateway = ManifestChecks.roleDeployments(OBJECTS).get("gateway").hindsightContainers().get(0);
        EnvVar token = gateway.getEnv().stream().filter(e -> e.getName().equals("HINDSIGHT_ADMIN_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        assertThat(Files.exists(Repo.path(BASE).resolve("admin-token.env"))).isFalse();
    }
}

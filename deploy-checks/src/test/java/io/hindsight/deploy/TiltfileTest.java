package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Tiltfile (Starlark, not run here: no cluster) read as text: it must build the one Dockerfile under the image
 * name the manifests use, deploy kustomizations that exist, and live-update exactly what the Dockerfile lays out.
 */
class TiltfileTest {
    private static final String TILT = Repo.read("Tiltfile");
    private static final DockerfileModel.Stage RUNTIME = ImageFacts.DOCKERFILE.last();

    /** Compares: the image Tilt builds (ref and docker build -f) with the Dockerfile and the manifests' image name. */
    @Test
    void buildsTheDockerfileUnderTheManifestsImageName() {
        assertThat(TILT).contains("-f Dockerfile ");
        assertThat(Repo.exists("Dockerfile")).isTrue();
        Matcher ref = Pattern.compile("(?:custom_build_with_restart|docker_build_with_restart|docker_build|custom_build)\\(\\s*(?:ref=)?'([^']+)'")
                .matcher(TILT);
        assertThat(ref.find()).as("an image build").isTrue();
        assertThat(ref.group(1)).isEqualTo(ImageFacts.IMAGE);
    }

    /** Compares: every kustomize('DIR') with the kustomizations in the repository; one of them under k8s/. */
    @Test
    void deploysKustomizationsThatExist() {
        List<String> dirs = all("kustomize\\('([^']+)'\\)");
        assertThat(dirs).anyMatch(d -> d.startsWith("k8s/"));
        for (String d : dirs) {
            assertThat(Repo.path(d).resolve("kustomization.yaml")).as("kustomize('%s')", d).exists();
        }
    }

    /** Compares: the entrypoint Tilt wraps for restarts with the Dockerfile's ENTRYPOINT, word for word. */
    @Test
    void restartsTheImagesOwnEntrypoint() {
        Matcher m = Pattern.compile("ENTRYPOINT = \\[(.*)]").matcher(TILT);
        assertThat(m.find()).as("ENTRYPOINT = [...] in the Tiltfile").isTrue();
        List<String> words = new ArrayList<>();
        Matcher w = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'").matcher(m.group(1));
        while (w.find()) {
            words.add(w.group(1));
        }
        assertThat(words).isEqualTo(RUNTIME.execForm("ENTRYPOINT"));
    }

    /**
     * Compares: live update with the Dockerfile: the synced directories are layers the Dockerfile copies, into its
     * WORKDIR, unpacked by the same extract command; the restart file sits where the process may write (/app, made
     * writable by the APP_OWNER build argument, which must be the image's USER).
     */
    @Test
    void liveUpdateMatchesTheImageLayout() {
        String workdir = RUNTIME.last("WORKDIR");
        Set<String> copied = new TreeSet<>();
        Matcher c = Pattern.compile("/extracted/([^/\\s]+)/").matcher(String.join("\n", RUNTIME.all("COPY")));
        while (c.find()) {
            copied.add(c.group(1));
        }
        Matcher sync = Pattern.compile("sync\\('app/target/layers/([^/']+)/?',\\s*'([^']+)'\\)").matcher(TILT);
        int syncs = 0;
        while (sync.find()) {
            syncs++;
            assertThat(copied).as("synced layer %s is one the Dockerfile copies", sync.group(1)).contains(sync.group(1));
            assertThat(sync.group(2).replaceAll("/$", "")).as("sync target").isEqualTo(workdir);
        }
        assertThat(syncs).as("live update syncs").isPositive();
        assertThat(TILT).contains("java -Djarmode=tools -jar app/target/hindsight.jar extract --layers");
        assertThat(String.join(" ", ImageFacts.DOCKERFILE.stages().get(0).all("RUN"))).contains("-Djarmode=tools -jar hindsight.jar extract --layers");
        assertThat(all("restart_file='([^']+)'")).singleElement().asString().startsWith(workdir + "/");
        String user = RUNTIME.last("USER");
        assertThat(TILT).contains("--build-arg APP_OWNER=" + user + " ");
    }

    /** Compares: the k8s_resource names with the workloads the base defines. */
    @Test
    void resourcesNameWorkloadsThatExist() {
        Set<String> workloads = new TreeSet<>();
        ManifestChecks.workloads(Kustomize.resources(KubernetesManifestsTest.BASE)).forEach(w -> workloads.add(w.name()));
        List<String> resources = all("k8s_resource\\('([^']+)'");
        assertThat(resources).isNotEmpty();
        assertThat(workloads).containsAll(resources);
    }

    /** Compares: the modules Tilt watches for rebuilds with the modules of the root pom that make up the jar. */
    @Test
    void watchesEveryModuleOfTheJar() {
        List<String> modules = new ArrayList<>(all("<module>([^<]+)</module>", Repo.read("pom.xml")));
        modules.remove("deploy-checks");
        Matcher m = Pattern.compile("MODULES = \\[([^]]*)]").matcher(TILT);
        assertThat(m.find()).isTrue();
        assertThat(all("'([^']+)'", m.group(1))).containsExactlyInAnyOrderElementsOf(modules);
    }

    private static List<String> all(String regex) {
        return all(regex, TILT);
    }

    private static List<String> all(String regex, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

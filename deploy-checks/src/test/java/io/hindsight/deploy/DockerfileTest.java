package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The Dockerfile against the app (env, port, health path), the Maven build (jar path, layers) and container habits. */
class DockerfileTest {
    private static final DockerfileModel.Stage RUNTIME = ImageFacts.DOCKERFILE.last();

    /** Compares: the runtime stage's base image with "a JRE, Java 17 or newer" (the app is built for release 17). */
    @Test
    void runtimeIsAJre17OrNewer() {
        Matcher m = Pattern.compile("eclipse-temurin:(\\d+)(?:\\.[\\d.]+)?-jre(?:-[a-z]+)?").matcher(RUNTIME.from());
        assertThat(m.matches()).as("runtime base image %s is an eclipse-temurin JRE", RUNTIME.from()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("Java version of %s", RUNTIME.from()).isGreaterThanOrEqualTo(17);
    }

    /** Compares: the runtime stage's USER with "numeric and not 0" (Kubernetes' runAsNonRoot verifies only numbers). */
    @Test
    void runsAsANumericNonRootUser() {
        assertThat(ImageFacts.uid()).as("USER uid").isNotZero();
    }

    /** Compares: the HEALTHCHECK's URL with the app's health path and the port the process listens on. */
    @Test
    void healthcheckProbesHealthzOnTheHttpPort() {
        String hc = RUNTIME.last("HEALTHCHECK");
        assertThat(hc).as("HEALTHCHECK").isNotNull().contains("CMD");
        String port = RUNTIME.env().getOrDefault("HINDSIGHT_HTTP_PORT", String.valueOf(AppFacts.defaultHttpPort()));
        assertThat(hc).as("HEALTHCHECK probes %s on the HTTP port", AppFacts.HEALTHZ)
                .containsAnyOf("127.0.0.1:${HINDSIGHT_HTTP_PORT}" + AppFacts.HEALTHZ, "localhost:${HINDSIGHT_HTTP_PORT}" + AppFacts.HEALTHZ,
                        "127.0.0.1:" + port + AppFacts.HEALTHZ, "localhost:" + port + AppFacts.HEALTHZ);
        assertThat(hc).as("HEALTHCHECK fails on an HTTP error").containsAnyOf("curl -f", "curl -fsS", "wget -q --spider");
    }

    /**
     * Compares: JAVA_OPTS with the container-aware flags (heap from the cgroup limit, exit on OOM), and the
     * ENTRYPOINT with "exec java $JAVA_OPTS -jar", so the flags apply and java is PID 1 (gets SIGTERM).
     */
    @Test
    void jvmIsContainerAware() {
        String opts = RUNTIME.env().get("JAVA_OPTS");
        assertThat(opts).as("JAVA_OPTS").isNotNull();
        Matcher ram = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(opts);
        assertThat(ram.find()).as("JAVA_OPTS sets -XX:MaxRAMPercentage").isTrue();
        assertThat(Double.parseDouble(ram.group(1))).as("MaxRAMPercentage leaves room for native memory").isBetween(25.0, 80.0);
        assertThat(opts).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(opts).as("a fixed -Xmx would ignore the container's limit").doesNotContain("-Xmx");
        List<String> entrypoint = RUNTIME.execForm("ENTRYPOINT");
        assertThat(entrypoint).as("ENTRYPOINT in exec form").isNotNull();
        assertThat(String.join(" ", entrypoint)).contains("exec java $JAVA_OPTS -jar ");
    }

    /**
     * Compares: every ENV of the image with what reads it: HINDSIGHT_* names with the app's own variables, and
     * any other name with the ENTRYPOINT that uses it. Also EXPOSE with the HTTP port the process listens on.
     */
    @Test
    void everyVariableIsReadAndThePortIsExposed() {
        String entrypoint = String.join(" ", RUNTIME.execForm("ENTRYPOINT"));
        for (String name : RUNTIME.env().keySet()) {
            if (name.startsWith("HINDSIGHT_")) {
                assertThat(AppFacts.ENV).as("the app reads %s", name).containsKey(name);
            } else {
                assertThat(entrypoint).as("the ENTRYPOINT uses %s", name).contains("$" + name);
            }
        }
        String port = RUNTIME.env().getOrDefault("HINDSIGHT_HTTP_PORT", String.valueOf(AppFacts.defaultHttpPort()));
        assertThat(RUNTIME.all("EXPOSE")).as("EXPOSE").containsExactly(port);
        String roles = RUNTIME.env().get("HINDSIGHT_ROLES");
        assertThat(roles == null || roles.equals("all") || AppFacts.ROLES.contains(roles)).as("HINDSIGHT_ROLES=%s", roles).isTrue();
    }

    /**
     * Compares: the jar the first stage copies with the one Maven builds (app/pom.xml's finalName under
     * app/target), the jar the ENTRYPOINT runs with the one the layer extraction writes, and .dockerignore with
     * "that jar goes to the build, sources and data do not".
     */
    @Test
    void buildsFromTheJarMavenBuilds() {
        Matcher fn = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Repo.read("app/pom.xml"));
        assertThat(fn.find()).as("app/pom.xml has a finalName").isTrue();
        String jar = "app/target/" + fn.group(1) + ".jar";
        DockerfileModel.Stage first = ImageFacts.DOCKERFILE.stages().get(0);
        assertThat(first.all("COPY")).as("the first stage copies %s", jar).anyMatch(c -> c.startsWith(jar + " "));
        assertThat(String.join(" ", first.all("RUN"))).as("the first stage extracts the layers")
                .contains("-Djarmode=tools").contains("extract --layers");
        assertThat(String.join(" ", RUNTIME.execForm("ENTRYPOINT"))).contains("-jar " + RUNTIME.last("WORKDIR") + "/" + fn.group(1) + ".jar");
        String ignore = Repo.read(".dockerignore");
        assertThat(DockerfileModel.sentToBuild(ignore, jar)).as(".dockerignore lets %s through", jar).isTrue();
        for (String kept : List.of("app/src/main/java/io/hindsight/app/Main.java", "hindsight-data/meta.properties",
                "gateway/src/test/playwright/node_modules/x.js", "app/target/classes/logback.xml")) {
            assertThat(DockerfileModel.sentToBuild(ignore, kept)).as(".dockerignore keeps %s out of the context", kept).isFalse();
        }
    }

    /**
     * Compares: the layers the runtime stage copies (in order) with the layers the built jar declares in
     * BOOT-INF/layers.idx. Needs app/target/hindsight.jar (mvn package); skipped without it.
     */
    @Test
    void copiesEveryLayerOfTheJarInOrder() throws IOException {
        Path jar = Repo.path("app/target/hindsight.jar");
        assumeTrue(Files.exists(jar), "app/target/hindsight.jar not built");
        List<String> declared = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("BOOT-INF/layers.idx");
            assertThat(entry).as("the jar is layered").isNotNull();
            String idx = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^- \"([^\"]+)\":", Pattern.MULTILINE).matcher(idx);
            while (m.find()) {
                declared.add(m.group(1));
            }
        }
        List<String> copied = new ArrayList<>();
        Pattern layerCopy = Pattern.compile("--from=\\S+\\s+\\S*/extracted/([^/\\s]+)/?\\s");
        for (String copy : RUNTIME.all("COPY")) {
            Matcher m = layerCopy.matcher(copy + " ");
            if (m.find()) {
                copied.add(m.group(1));
            }
        }
        assertThat(copied).as("layers copied by the runtime stage").isEqualTo(declared);
    }

    /** Compares: the Dockerfile's APP_OWNER default with root (the code is read-only to the process outside Tilt). */
    @Test
    void codeIsNotWritableByTheProcessByDefault() {
        Map<String, String> args = new java.util.HashMap<>();
        for (String a : RUNTIME.all("ARG")) {
            String[] kv = a.split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : null);
        }
        assertThat(args.get("APP_OWNER")).as("default owner of /app").isEqualTo("root:root");
    }
}

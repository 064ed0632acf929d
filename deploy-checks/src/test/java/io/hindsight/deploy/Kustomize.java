package io.hindsight.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Kustomizations two ways. {@link #resources}: the files a kustomization lists under resources (recursively
 * through directories), parsed as they are, patches not applied: always available. {@link #render}: the
 * kustomization built by {@code kubectl kustomize} (kustomize v5 inside kubectl; local files only, no cluster,
 * no network), with patches, generators, namespace and image overrides applied: only where kubectl is installed.
 */
final class Kustomize {
    private static Boolean kubectl;

    private Kustomize() {
    }

    /** The kustomization.yaml of a directory as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization(String dir) {
        Path file = Repo.path(dir).resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new AssertionError(dir + " has no kustomization.yaml");
        }
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Repo.read(file));
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> k, String key) {
        Object v = k.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    /** Every file a kustomization refers to: resources, patch files, generator inputs; directories recursed. */
    @SuppressWarnings("unchecked")
    static List<Path> referencedFiles(String dir) {
        List<Path> out = new ArrayList<>();
        Map<String, Object> k = kustomization(dir);
        Path base = Repo.path(dir);
        out.add(base.resolve("kustomization.yaml"));
        for (String r : list(k, "resources")) {
            Path p = base.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(referencedFiles(Repo.relative(p)));
            } else {
                out.add(p);
            }
        }
        for (Object patch : (List<Object>) k.getOrDefault("patches", List.of())) {
            if (patch instanceof Map<?, ?> m && m.get("path") != null) {
                out.add(base.resolve((String) m.get("path")).normalize());
            }
        }
        for (String gen : List.of("secretGenerator", "configMapGenerator")) {
            for (Object g : (List<Object>) k.getOrDefault(gen, List.of())) {
                Map<String, Object> m = (Map<String, Object>) g;
                for (String f : list(m, "envs")) {
                    out.add(base.resolve(f).normalize());
                }
                for (String f : list(m, "files")) {
                    out.add(base.resolve(f.contains("=") ? f.substring(f.indexOf('=') + 1) : f).normalize());
                }
            }
        }
        return out;
    }

    /** The objects of the resource files of a kustomization, as written (no patches, no namespace). */
    static List<HasMetadata> resources(String dir) {
        List<HasMetadata> out = new ArrayList<>();
        Path base = Repo.path(dir);
        for (String r : list(kustomization(dir), "resources")) {
            Path p = base.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(resources(Repo.relative(p)));
            } else {
                out.addAll(KubeModels.parse(Repo.read(p), Repo.relative(p)));
            }
        }
        return out;
    }

    static synchronized boolean kubectlAvailable() {
        if (kubectl == null) {
            try {
                Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                kubectl = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                kubectl = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kubectl = false;
            }
        }
        return kubectl;
    }

    /** {@code kubectl kustomize DIR}, parsed strictly. */
    static List<HasMetadata> render(String dir) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder("kubectl", "kustomize", Repo.path(dir).toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return KubeModels.parse(Files.readString(out, StandardCharsets.UTF_8), "kubectl kustomize " + dir);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

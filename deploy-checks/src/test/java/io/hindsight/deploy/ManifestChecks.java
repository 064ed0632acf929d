package io.hindsight.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.models.ModelUploadHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The agreements between the Kubernetes manifests (k8s/) and the app, the image and contracts. Each method
 * takes the objects of one kustomization (as written, or as rendered by kubectl kustomize), collects every
 * disagreement and fails with all of them; ChecksCanFailTest shows each one failing on a broken copy.
 */
final class ManifestChecks {
    /**
     * Roles that run as long-lived Deployments: every role of the app (its RoleName enum) but the trainer, which
     * runs as a CronJob and a Job. A role added to the app fails these checks until it has a Deployment.
     */
    static final List<String> DEPLOYED_ROLES = AppFacts.ROLES.stream().filter(r -> !r.equals("trainer")).toList();

    /** Kafka Streams roles: one stream task per input partition, so replicas beyond the partitions idle. */
    static final List<String> STREAMS_ROLES = List.of("feedback-joiner", "stream-processors");

    private ManifestChecks() {
    }

    /** A pod template of a Deployment, CronJob or Job. */
    record Workload(String kind, String name, PodSpec pod, Map<String, String> labels, Map<String, String> annotations) {
        String id() {
            return kind + "/" + name;
        }

        List<Container> allContainers() {
            List<Container> all = new ArrayList<>(pod.getInitContainers());
            all.addAll(pod.getContainers());
            return all;
        }

        List<Container> hindsightContainers() {
            return allContainers().stream().filter(c -> ImageFacts.isHindsight(c.getImage())).toList();
        }
    }

    static List<Workload> workloads(List<HasMetadata> objects) {
        List<Workload> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                var t = d.getSpec().getTemplate();
                out.add(new Workload("Deployment", name(d), t.getSpec(), labels(t.getMetadata()), annotations(t.getMetadata())));
            } else if (o instanceof CronJob c) {
                var t = c.getSpec().getJobTemplate().getSpec().getTemplate();
                out.add(new Workload("CronJob", name(c), t.getSpec(), labels(t.getMetadata()), annotations(t.getMetadata())));
            } else if (o instanceof Job j) {
                var t = j.getSpec().getTemplate();
                out.add(new Workload("Job", name(j), t.getSpec(), labels(t.getMetadata()), annotations(t.getMetadata())));
            }
        }
        return out;
    }

    /** Deployment per role: HINDSIGHT_ROLES of each Deployment's Hindsight container, role to Deployment. */
    static Map<String, Workload> roleDeployments(List<HasMetadata> objects) {
        Problems p = new Problems("role workloads");
        Map<String, Workload> byRole = new TreeMap<>();
        for (Workload w : workloads(objects)) {
            if (!w.kind().equals("Deployment")) {
                continue;
            }
            List<Container> hs = w.hindsightContainers();
            if (hs.size() != 1) {
                p.add(w.id() + " has " + hs.size() + " Hindsight containers, expected one");
                continue;
            }
            String roles = literalEnv(hs.get(0), "HINDSIGHT_ROLES");
            if (roles == null) {
                p.add(w.id() + " sets no HINDSIGHT_ROLES: the image default (all) would start every role in it");
            } else if (!DEPLOYED_ROLES.contains(roles)) {
                p.add(w.id() + " runs HINDSIGHT_ROLES=" + roles + ": a Deployment runs exactly one of " + DEPLOYED_ROLES);
            } else if (byRole.put(roles, w) != null) {
                p.add("two Deployments run " + roles);
            }
        }
        for (String role : DEPLOYED_ROLES) {
            if (!byRole.containsKey(role)) {
                p.add("no Deployment runs the " + role + " role");
            }
        }
        p.check();
        return byRole;
    }

    /** The trainer: a CronJob whose Hindsight container runs {@code train}. */
    static void trainerIsCronJob(List<HasMetadata> objects) {
        Problems p = new Problems("trainer");
        boolean found = false;
        for (Workload w : workloads(objects)) {
            if (w.kind().equals("CronJob")) {
                for (Container c : w.hindsightContainers()) {
                    found |= !c.getArgs().isEmpty() && c.getArgs().get(0).equals("train");
                }
            }
        }
        if (!found) {
            p.add("no CronJob runs `hindsight train`");
        }
        p.check();
    }

    /**
     * Probes and ports of every role Deployment: a container port named http equal to the HTTP port the process
     * listens on (HINDSIGHT_HTTP_PORT, else the app's default), liveness and startup on /healthz, readiness on
     * /readyz, each probe on that port; Prometheus annotations on the same port and /metrics.
     */
    static void probesAndPorts(List<HasMetadata> objects) {
        Problems p = new Problems("probes and ports");
        for (Workload w : roleDeployments(objects).values()) {
            Container c = w.hindsightContainers().get(0);
            int port = httpPort(c, objects);
            ContainerPort http = c.getPorts().stream().filter(x -> "http".equals(x.getName())).findFirst().orElse(null);
            if (http == null) {
                p.add(w.id() + " has no container port named http");
                continue;
            }
            if (http.getContainerPort() != port) {
                p.add(w.id() + " declares containerPort " + http.getContainerPort() + " but the process listens on " + port);
            }
            probe(p, w, "livenessProbe", c.getLivenessProbe(), AppFacts.HEALTHZ, http, true);
            probe(p, w, "readinessProbe", c.getReadinessProbe(), AppFacts.READYZ, http, true);
            probe(p, w, "startupProbe", c.getStartupProbe(), AppFacts.HEALTHZ, http, false);
            if ("true".equals(w.annotations().get("prometheus.io/scrape"))) {
                if (!String.valueOf(port).equals(w.annotations().get("prometheus.io/port"))) {
                    p.add(w.id() + " prometheus.io/port " + w.annotations().get("prometheus.io/port") + " is not " + port);
                }
                if (!AppFacts.METRICS.equals(w.annotations().getOrDefault("prometheus.io/path", "/metrics"))) {
                    p.add(w.id() + " prometheus.io/path is not " + AppFacts.METRICS);
                }
            }
        }
        p.check();
    }

    private static void probe(Problems p, Workload w, String what, Probe probe, String path, ContainerPort http,
                              boolean required) {
        if (probe == null) {
            if (required) {
                p.add(w.id() + " has no " + what);
            }
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            p.add(w.id() + " " + what + " is not an HTTP GET");
            return;
        }
        if (!path.equals(get.getPath())) {
            p.add(w.id() + " " + what + " path is " + get.getPath() + ", the app serves it on " + path);
        }
        if (!portMatches(get.getPort(), http)) {
            p.add(w.id() + " " + what + " port " + portText(get.getPort()) + " is not the http port " + http.getContainerPort());
        }
    }

    /** Requests and limits for CPU and memory on every container of every workload, requests within limits. */
    static void resources(List<HasMetadata> objects) {
        Problems p = new Problems("resources");
        for (Workload w : workloads(objects)) {
            for (Container c : w.allContainers()) {
                ResourceRequirements r = c.getResources();
                for (String res : List.of("cpu", "memory")) {
                    Quantity req = r == null ? null : r.getRequests().get(res);
                    Quantity lim = r == null ? null : r.getLimits().get(res);
                    if (req == null || lim == null) {
                        p.add(w.id() + " container " + c.getName() + " has no " + res + (req == null ? " request" : " limit"));
                    } else if (Quantity.getAmountInBytes(req).compareTo(Quantity.getAmountInBytes(lim)) > 0) {
                        p.add(w.id() + " container " + c.getName() + " requests more " + res + " than its limit");
                    }
                }
            }
        }
        p.check();
    }

    /**
     * Non-root as the image means it: runAsNonRoot, runAsUser equal to the Dockerfile's numeric USER, no privilege
     * escalation, and no container replaces the image's entrypoint (it carries the JVM flags and, under Tilt, the
     * restart wrapper): commands go in args.
     */
    static void security(List<HasMetadata> objects) {
        Problems p = new Problems("security");
        int uid = ImageFacts.uid();
        for (Workload w : workloads(objects)) {
            PodSecurityContext sc = w.pod().getSecurityContext();
            if (sc == null || !Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
                p.add(w.id() + " does not set runAsNonRoot: true");
            }
            if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() != uid) {
                p.add(w.id() + " runs as uid " + sc.getRunAsUser() + " but the image's USER is " + uid);
            }
            for (Container c : w.hindsightContainers()) {
                if (!c.getCommand().isEmpty()) {
                    p.add(w.id() + " container " + c.getName() + " replaces the image entrypoint with " + c.getCommand());
                }
                if (c.getSecurityContext() == null || !Boolean.FALSE.equals(c.getSecurityContext().getAllowPrivilegeEscalation())) {
                    p.add(w.id() + " container " + c.getName() + " does not set allowPrivilegeEscalation: false");
                }
            }
        }
        p.check();
    }

    /**
     * Environment of every Hindsight container: each variable (set directly or through an envFrom ConfigMap) is
     * one the app or the image reads; referenced ConfigMaps exist; a Secret reference is optional or resolves to
     * a Secret that has the key; HINDSIGHT_BOOTSTRAP_SERVERS is set (without it a pod would start its own embedded
     * broker); a JAVA_OPTS override keeps the image's two JVM safety flags.
     */
    static void environment(List<HasMetadata> objects) {
        Problems p = new Problems("environment");
        Set<String> allowed = ImageFacts.allowedEnv();
        for (Workload w : workloads(objects)) {
            for (Container c : w.hindsightContainers()) {
                String where = w.id() + " container " + c.getName();
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        ConfigMap cm = find(objects, ConfigMap.class, from.getConfigMapRef().getName());
                        if (cm == null) {
                            if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                                p.add(where + " takes its environment from ConfigMap " + from.getConfigMapRef().getName()
                                        + ", which is not in the manifests");
                            }
                        } else {
                            for (String key : cm.getData().keySet()) {
                                if (!allowed.contains(key)) {
                                    p.add("ConfigMap " + name(cm) + " (used by " + where + ") sets " + key
                                            + ", which neither the app nor the image reads");
                                }
                            }
                        }
                    }
                    if (from.getSecretRef() != null) {
                        p.add(where + " takes a whole Secret as environment; reference keys one by one");
                    }
                }
                for (EnvVar e : c.getEnv()) {
                    if (!allowed.contains(e.getName())) {
                        p.add(where + " sets " + e.getName() + ", which neither the app nor the image reads (allowed: " + allowed + ")");
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
                        Secret s = find(objects, Secret.class, ref.getName());
                        if (s == null && !Boolean.TRUE.equals(ref.getOptional())) {
                            p.add(where + " needs Secret " + ref.getName() + ", which is not in the manifests");
                        }
                        if (s != null && !keys(s).contains(ref.getKey())) {
                            p.add("Secret " + ref.getName() + " has no key " + ref.getKey() + " (used by " + where + ")");
                        }
                    }
                }
                Map<String, String> env = effectiveEnv(c, objects);
                if (env.get("HINDSIGHT_BOOTSTRAP_SERVERS") == null) {
                    p.add(where + " gets no HINDSIGHT_BOOTSTRAP_SERVERS: it would start an embedded broker");
                }
                String javaOpts = env.get("JAVA_OPTS");
                if (javaOpts != null && !(javaOpts.contains("-XX:MaxRAMPercentage=") && javaOpts.contains("-XX:+ExitOnOutOfMemoryError"))) {
                    p.add(where + " overrides JAVA_OPTS without -XX:MaxRAMPercentage and -XX:+ExitOnOutOfMemoryError: " + javaOpts);
                }
            }
        }
        p.check();
    }

    /**
     * The gateway's way in: a Service selecting the gateway pods on a port that resolves to the container's http
     * port, an Ingress whose backend is that Service and port, with a body limit that lets a model upload through.
     */
    static void gatewayServiceAndIngress(List<HasMetadata> objects) {
        Problems p = new Problems("gateway Service and Ingress");
        Workload gw = roleDeployments(objects).get("gateway");
        ContainerPort http = gw.hindsightContainers().get(0).getPorts().stream()
                .filter(x -> "http".equals(x.getName())).findFirst().orElseThrow();
        List<Service> services = of(objects, Service.class).stream()
                .filter(s -> s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
                        && gw.labels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                .toList();
        if (services.isEmpty()) {
            p.add("no Service selects the gateway pods (labels " + gw.labels() + ")");
        }
        for (Service s : services) {
            for (ServicePort sp : s.getSpec().getPorts()) {
                if (!portMatches(sp.getTargetPort() == null ? new IntOrString(sp.getPort()) : sp.getTargetPort(), http)) {
                    p.add("Service " + name(s) + " port " + sp.getPort() + " targets " + portText(sp.getTargetPort())
                            + ", not the gateway's http port " + http.getContainerPort());
                }
            }
        }
        List<Ingress> ingresses = of(objects, Ingress.class);
        if (ingresses.isEmpty()) {
            p.add("no Ingress for the gateway");
        }
        for (Ingress ing : ingresses) {
            List<IngressBackend> backends = new ArrayList<>();
            if (ing.getSpec().getDefaultBackend() != null) {
                backends.add(ing.getSpec().getDefaultBackend());
            }
            for (IngressRule r : ing.getSpec().getRules()) {
                if (r.getHttp() != null) {
                    r.getHttp().getPaths().stream().map(HTTPIngressPath::getBackend).forEach(backends::add);
                }
            }
            for (IngressBackend b : backends) {
                Service s = services.stream().filter(x -> name(x).equals(b.getService().getName())).findFirst().orElse(null);
                if (s == null) {
                    p.add("Ingress " + name(ing) + " sends to Service " + b.getService().getName() + ", which does not select the gateway");
                    continue;
                }
                var bp = b.getService().getPort();
                boolean ok = s.getSpec().getPorts().stream().anyMatch(sp -> bp.getName() != null
                        ? bp.getName().equals(sp.getName()) : Objects.equals(bp.getNumber(), sp.getPort()));
                if (!ok) {
                    p.add("Ingress " + name(ing) + " uses port " + (bp.getName() != null ? bp.getName() : bp.getNumber())
                            + " that Service " + name(s) + " does not have");
                }
            }
            String body = annotations(ing.getMetadata()).get("nginx.ingress.kubernetes.io/proxy-body-size");
            if (body != null && nginxSize(body) < ModelUploadHandler.MAX_MODEL_BYTES) {
                p.add("Ingress " + name(ing) + " proxy-body-size " + body + " is below the model upload limit of "
                        + ModelUploadHandler.MAX_MODEL_BYTES + " bytes");
            }
        }
        p.check();
    }

    /**
     * Autoscaling within what Kafka allows: a CPU HPA on the gateway and the predictor Deployments; the predictor's
     * most consumers (maxReplicas x HINDSIGHT_PREDICTOR_WORKERS) at most the partitions of every task's requests
     * topic, a Kafka Streams role's instances at most the partitions of its inputs (more would idle).
     */
    static void scaling(List<HasMetadata> objects) {
        Problems p = new Problems("scaling");
        Map<String, Workload> roles = roleDeployments(objects);
        Map<String, HorizontalPodAutoscaler> hpaByTarget = new TreeMap<>();
        for (HorizontalPodAutoscaler h : of(objects, HorizontalPodAutoscaler.class)) {
            var ref = h.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(ref.getKind()) || find(objects, Deployment.class, ref.getName()) == null) {
                p.add("HPA " + name(h) + " targets " + ref.getKind() + "/" + ref.getName() + ", which is not a Deployment here");
                continue;
            }
            hpaByTarget.put(ref.getName(), h);
            boolean cpu = h.getSpec().getMetrics().stream().map(MetricSpec::getResource)
                    .anyMatch(r -> r != null && "cpu".equals(r.getName()));
            if (!cpu) {
                p.add("HPA " + name(h) + " does not scale on CPU");
            }
            int min = h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas();
            if (min > h.getSpec().getMaxReplicas()) {
                p.add("HPA " + name(h) + " minReplicas " + min + " > maxReplicas " + h.getSpec().getMaxReplicas());
            }
        }
        for (String role : List.of("gateway", "predictor")) {
            if (roles.containsKey(role) && !hpaByTarget.containsKey(roles.get(role).name())) {
                p.add("no HPA scales the " + role + " Deployment " + roles.get(role).name());
            }
        }
        int requestPartitions = Stream.of(Task.values()).mapToInt(t -> Topics.of(t).requests().partitions()).min().orElseThrow();
        int predictionPartitions = Stream.of(Task.values()).mapToInt(t -> Topics.of(t).predictions().partitions()).min().orElseThrow();
        Workload predictor = roles.get("predictor");
        if (predictor != null) {
            int most = mostReplicas(objects, predictor, hpaByTarget);
            String w = effectiveEnv(predictor.hindsightContainers().get(0), objects).get("HINDSIGHT_PREDICTOR_WORKERS");
            int workers = w == null ? AppFacts.defaultPredictorWorkers() : Integer.parseInt(w);
            if (most * workers > requestPartitions) {
                p.add("the predictor can reach " + most + " replicas x " + workers + " workers = " + most * workers
                        + " consumers, but the requests topics have " + requestPartitions + " partitions");
            }
        }
        int streamsPartitions = Math.min(requestPartitions, predictionPartitions);
        for (String role : STREAMS_ROLES) {
            Workload w = roles.get(role);
            if (w != null && mostReplicas(objects, w, hpaByTarget) > streamsPartitions) {
                p.add("the " + role + " can reach " + mostReplicas(objects, w, hpaByTarget) + " replicas, but its input "
                        + "topics have " + streamsPartitions + " partitions: the rest would idle");
            }
        }
        p.check();
    }

    private static int mostReplicas(List<HasMetadata> objects, Workload w, Map<String, HorizontalPodAutoscaler> hpas) {
        HorizontalPodAutoscaler h = hpas.get(w.name());
        Deployment d = find(objects, Deployment.class, w.name());
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return h == null ? replicas : Math.max(replicas, h.getSpec().getMaxReplicas());
    }

    /**
     * Every Job and CronJob command line parses as a hindsight command (picocli, as the jar would parse it, not
     * run), names a known alias, and Pods never restart in place (a retried training is a new Pod). CronJobs
     * forbid overlapping runs: two publishers with the CLI's transactional id would fence each other.
     */
    static void jobs(List<HasMetadata> objects) {
        Problems p = new Problems("jobs");
        for (Workload w : workloads(objects)) {
            if (w.kind().equals("Deployment")) {
                continue;
            }
            if (!"Never".equals(w.pod().getRestartPolicy()) && !"OnFailure".equals(w.pod().getRestartPolicy())) {
                p.add(w.id() + " restartPolicy " + w.pod().getRestartPolicy() + " is not allowed for a Job");
            }
            for (Container c : w.hindsightContainers()) {
                String where = w.id() + " container " + c.getName();
                if (c.getArgs().isEmpty()) {
                    p.add(where + " has no args: it would start the roles of HINDSIGHT_ROLES and never finish");
                    continue;
                }
                try {
                    CommandLine.ParseResult r = AppFacts.parse(c.getArgs());
                    if (!r.hasSubcommand()) {
                        p.add(where + " args " + c.getArgs() + " run no hindsight command: the Job would never finish");
                    }
                } catch (CommandLine.ParameterException e) {
                    p.add(where + " args " + c.getArgs() + " do not parse: " + e.getMessage());
                }
                int alias = c.getArgs().indexOf("--alias");
                if (alias >= 0) {
                    String a = alias + 1 < c.getArgs().size() ? c.getArgs().get(alias + 1) : "";
                    if (!Aliases.ALL.contains(a) && !a.equals("none")) {
                        p.add(where + " --alias " + a + " is not one of " + Aliases.ALL);
                    }
                }
            }
        }
        for (CronJob cj : of(objects, CronJob.class)) {
            if (!"Forbid".equals(cj.getSpec().getConcurrencyPolicy())) {
                p.add("CronJob " + name(cj) + " concurrencyPolicy is " + cj.getSpec().getConcurrencyPolicy() + ", not Forbid");
            }
        }
        p.check();
    }

    /** One image for every Hindsight container, and it is the Hindsight image. */
    static void oneImage(List<HasMetadata> objects) {
        Problems p = new Problems("image");
        Set<String> images = new TreeSet<>();
        for (Workload w : workloads(objects)) {
            for (Container c : w.allContainers()) {
                if (ImageFacts.isHindsight(c.getImage())) {
                    images.add(c.getImage());
                } else {
                    p.add(w.id() + " container " + c.getName() + " runs " + c.getImage() + ", not the " + ImageFacts.IMAGE + " image");
                }
            }
        }
        if (images.size() > 1) {
            p.add("the workloads run different Hindsight images: " + images);
        }
        p.check();
    }

    // ---- helpers shared with the other checks

    /** The environment a container gets: its envFrom ConfigMaps, then its env (valueFrom entries as null). */
    static Map<String, String> effectiveEnv(Container c, List<HasMetadata> objects) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = find(objects, ConfigMap.class, from.getConfigMapRef().getName());
                if (cm != null) {
                    env.putAll(cm.getData());
                }
            }
        }
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    static int httpPort(Container c, List<HasMetadata> objects) {
        String v = effectiveEnv(c, objects).get("HINDSIGHT_HTTP_PORT");
        return v == null ? AppFacts.defaultHttpPort() : Integer.parseInt(v);
    }

    static String literalEnv(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return of(objects, type).stream().filter(o -> name(o).equals(name)).findFirst().orElse(null);
    }

    static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static Set<String> keys(Secret s) {
        Set<String> keys = new TreeSet<>(s.getData() == null ? Set.of() : s.getData().keySet());
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys;
    }

    private static Map<String, String> labels(io.fabric8.kubernetes.api.model.ObjectMeta m) {
        return m == null || m.getLabels() == null ? Map.of() : m.getLabels();
    }

    private static Map<String, String> annotations(io.fabric8.kubernetes.api.model.ObjectMeta m) {
        return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
    }

    /** An nginx size ("40m", "512k", "1g", bytes without a unit): units are powers of 1024; "0" is unlimited. */
    static long nginxSize(String size) {
        String v = size.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
        return n == 0 ? Long.MAX_VALUE : n * unit;
    }

    private static boolean portMatches(IntOrString ref, ContainerPort http) {
        if (ref == null) {
            return false;
        }
        return ref.getStrVal() != null ? ref.getStrVal().equals(http.getName())
                : Objects.equals(ref.getIntVal(), http.getContainerPort());
    }

    private static String portText(IntOrString ref) {
        return ref == null ? "(none)" : ref.getStrVal() != null ? ref.getStrVal() : String.valueOf(ref.getIntVal());
    }
}

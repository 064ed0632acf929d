package io.hindsight.deploy;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.topics.Topics;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The agreements of docker-compose.yml (and the Prometheus config it mounts) with the app, the image and contracts.
 * Compose is read as plain YAML (SnakeYAML, anchors and merge keys resolved as Compose resolves them).
 */
final class ComposeChecks {
    /** Cores of the machine the project is sized for (2, see the README's benchmarks): a container gets at most half. */
    static final double REFERENCE_CORES = 2.0;

    static final String KAFKA_IMAGE = "apache/kafka";

    private ComposeChecks() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** A service's environment, from either Compose form (map or list of KEY=VALUE). */
    @SuppressWarnings("unchecked")
    static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** Services that run the Hindsight image, by name. */
    static Map<String, Map<String, Object>> roleServices(Map<String, Object> compose) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        services(compose).forEach((name, s) -> {
            if (ImageFacts.isHindsight((String) s.get("image"))) {
                out.put(name, s);
            }
        });
        return out;
    }

    static String kafkaService(Map<String, Object> compose) {
        return services(compose).entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("image")).startsWith(KAFKA_IMAGE + ":"))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no service runs the " + KAFKA_IMAGE + " image"));
    }

    /**
     * Kafka in KRaft mode: the apache/kafka image at the version of the app's Kafka clients, one process that is
     * broker and controller, a valid cluster id, no ZooKeeper, internal topics replicated within the one node, a
     * healthcheck the roles can wait on.
     */
    @SuppressWarnings("unchecked")
    static void kafka(Map<String, Object> compose) {
        Problems p = new Problems("compose Kafka");
        String name = kafkaService(compose);
        Map<String, Object> kafka = services(compose).get(name);
        String image = (String) kafka.get("image");
        String clients = AppInfoParser.getVersion();
        if (!image.equals(KAFKA_IMAGE + ":" + clients)) {
            p.add("Kafka runs " + image + ", the app's clients and embedded broker are " + clients);
        }
        Map<String, String> env = env(kafka);
        Set<String> roles = new TreeSet<>(List.of(String.valueOf(env.get("KAFKA_PROCESS_ROLES")).split(",")));
        if (!roles.equals(Set.of("broker", "controller"))) {
            p.add("KAFKA_PROCESS_ROLES is " + env.get("KAFKA_PROCESS_ROLES") + ", not a KRaft broker,controller");
        }
        if (env.get("KAFKA_CONTROLLER_QUORUM_VOTERS") == null || env.get("KAFKA_CONTROLLER_LISTENER_NAMES") == null) {
            p.add("no KRaft controller quorum (KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_CONTROLLER_LISTENER_NAMES)");
        }
        if (services(compose).keySet().stream().anyMatch(s -> s.contains("zookeeper")) || env.containsKey("KAFKA_ZOOKEEPER_CONNECT")) {
            p.add("ZooKeeper is configured: Kafka 4 is KRaft only");
        }
        String clusterId = env.get("CLUSTER_ID");
        try {
            if (clusterId == null || Base64.getUrlDecoder().decode(clusterId).length != 16) {
                p.add("CLUSTER_ID " + clusterId + " is not 16 bytes in base64url (kafka-storage.sh random-uuid)");
            }
        } catch (IllegalArgumentException e) {
            p.add("CLUSTER_ID " + clusterId + " is not base64url: " + e.getMessage());
        }
        for (String rf : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
            if (!"1".equals(env.get(rf))) {
                p.add(rf + " is " + env.get(rf) + ": one node holds one replica (Kafka's default of 3 would fail)");
            }
        }
        if (!"false".equals(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
            p.add("KAFKA_AUTO_CREATE_TOPICS_ENABLE is not false");
        }
        if (!(kafka.get("healthcheck") instanceof Map<?, ?>)) {
            p.add("Kafka has no healthcheck for the roles to wait on");
        }
        p.check();
    }

    /**
     * One service per role from the one image: each role exactly once (HINDSIGHT_ROLES), on the Kafka's internal
     * advertised listener, after Kafka is healthy, with the image's entrypoint, only variables the app or the image
     * read, a replication factor the one broker can hold, and the image built from the Dockerfile.
     */
    @SuppressWarnings("unchecked")
    static void roles(Map<String, Object> compose) {
        Problems p = new Problems("compose roles");
        String kafkaName = kafkaService(compose);
        Map<String, String> kafkaEnv = env(services(compose).get(kafkaName));
        Set<String> advertised = new TreeSet<>();
        for (String l : String.valueOf(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).split(",")) {
            advertised.add(l.substring(l.indexOf("://") + 3));
        }
        Map<String, String> roleOf = new TreeMap<>();
        Set<String> images = new TreeSet<>();
        Set<String> allowed = ImageFacts.allowedEnv();
        for (Map.Entry<String, Map<String, Object>> e : roleServices(compose).entrySet()) {
            String name = e.getKey();
            Map<String, Object> s = e.getValue();
            Map<String, String> env = env(s);
            images.add((String) s.get("image"));
            String role = env.get("HINDSIGHT_ROLES");
            if (role == null || !AppFacts.ROLES.contains(role)) {
                p.add("service " + name + " HINDSIGHT_ROLES=" + role + " is not one of " + AppFacts.ROLES);
            } else if (roleOf.containsValue(role)) {
                p.add("two services run the " + role + " role");
            } else {
                roleOf.put(name, role);
            }
            for (String var : env.keySet()) {
                if (!allowed.contains(var)) {
                    p.add("service " + name + " sets " + var + ", which neither the app nor the image reads");
                }
            }
            String bootstrap = env.get("HINDSIGHT_BOOTSTRAP_SERVERS");
            if (bootstrap == null || !advertised.contains(bootstrap) || !bootstrap.startsWith(kafkaName + ":")) {
                p.add("service " + name + " HINDSIGHT_BOOTSTRAP_SERVERS=" + bootstrap + " is not an advertised listener of "
                        + kafkaName + " " + advertised);
            }
            String rf = env.get("HINDSIGHT_REPLICATION_FACTOR");
            if (rf != null && Integer.parseInt(rf) > 1) {
                p.add("service " + name + " HINDSIGHT_REPLICATION_FACTOR=" + rf + " but Kafka has one node");
            }
            String javaOpts = env.get("JAVA_OPTS");
            if (javaOpts != null && !(javaOpts.contains("-XX:MaxRAMPercentage=") && javaOpts.contains("-XX:+ExitOnOutOfMemoryError"))) {
                p.add("service " + name + " overrides JAVA_OPTS without the image's JVM safety flags: " + javaOpts);
            }
            if (s.containsKey("entrypoint") || s.containsKey("command")) {
                p.add("service " + name + " replaces the image's entrypoint or command; roles are chosen by HINDSIGHT_ROLES");
            }
            Object dependsOn = s.get("depends_on");
            Object kafkaDep = dependsOn instanceof Map<?, ?> m ? m.get(kafkaName) : null;
            if (!(kafkaDep instanceof Map<?, ?> dep) || !"service_healthy".equals(dep.get("condition"))) {
                p.add("service " + name + " does not wait for " + kafkaName + " to be healthy");
            }
            Object build = s.get("build");
            if (build instanceof Map<?, ?> b) {
                String context = String.valueOf(b.get("context"));
                String dockerfile = b.get("dockerfile") == null ? "Dockerfile" : String.valueOf(b.get("dockerfile"));
                if (!context.equals(".") || !dockerfile.equals("Dockerfile")) {
                    p.add("service " + name + " builds " + context + "/" + dockerfile + ", not the repository's Dockerfile");
                }
            } else if (build != null && !".".equals(build)) {
                p.add("service " + name + " builds from " + build + ", not the repository root");
            }
        }
        if (roleServices(compose).values().stream().noneMatch(s -> s.get("build") != null)) {
            p.add("no service builds the Hindsight image from the Dockerfile");
        }
        if (images.size() != 1) {
            p.add("the role services run different images: " + images);
        }
        if (!new TreeSet<>(roleOf.values()).equals(new TreeSet<>(AppFacts.ROLES))) {
            p.add("the role services run " + new TreeSet<>(roleOf.values()) + ", the app has " + AppFacts.ROLES);
        }
        p.check();
    }

    /**
     * Resource limits: every service has a CPU limit of at most half the reference cores, and a memory limit;
     * the predictor's consumers (replicas x workers) fit the requests topics' partitions.
     */
    @SuppressWarnings("unchecked")
    static void limits(Map<String, Object> compose) {
        Problems p = new Problems("compose limits");
        services(compose).forEach((name, s) -> {
            Map<String, Object> deploy = (Map<String, Object>) s.getOrDefault("deploy", Map.of());
            Map<String, Object> res = (Map<String, Object>) deploy.getOrDefault("resources", Map.of());
            Map<String, Object> limits = (Map<String, Object>) res.getOrDefault("limits", Map.of());
            Object cpus = limits.getOrDefault("cpus", s.get("cpus"));
            if (cpus == null) {
                p.add("service " + name + " has no CPU limit");
            } else {
                double c = Double.parseDouble(String.valueOf(cpus));
                if (c <= 0 || c > REFERENCE_CORES / 2) {
                    p.add("service " + name + " may use " + c + " CPUs, more than half the " + REFERENCE_CORES + " reference cores");
                }
            }
            if (limits.getOrDefault("memory", s.get("mem_limit")) == null) {
                p.add("service " + name + " has no memory limit");
            }
        });
        int partitions = Stream.of(Task.values()).mapToInt(t -> Topics.of(t).requests().partitions()).min().orElseThrow();
        roleServices(compose).forEach((name, s) -> {
            Map<String, String> env = env(s);
            if ("predictor".equals(env.get("HINDSIGHT_ROLES"))) {
                Map<String, Object> deploy = (Map<String, Object>) s.getOrDefault("deploy", Map.of());
                int replicas = ((Number) deploy.getOrDefault("replicas", 1)).intValue();
                String w = env.get("HINDSIGHT_PREDICTOR_WORKERS");
                int workers = w == null ? AppFacts.defaultPredictorWorkers() : Integer.parseInt(w);
                if (replicas * workers > partitions) {
                    p.add("predictor " + replicas + " replicas x " + workers + " workers exceed the " + partitions + " partitions");
                }
            }
        });
        p.check();
    }

    /**
     * Prometheus scrapes every role service: a job whose DNS names (or static targets) name the service, on the
     * service's HTTP port, on the app's metrics path; the file compose mounts is the one checked.
     */
    @SuppressWarnings("unchecked")
    static void prometheus(Map<String, Object> compose, Map<String, Object> prometheusConfig) {
        Problems p = new Problems("compose Prometheus");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheusConfig.getOrDefault("scrape_configs", List.of());
        Set<String> scraped = new TreeSet<>();
        for (Map<String, Object> job : jobs) {
            String path = String.valueOf(job.getOrDefault("metrics_path", "/metrics"));
            for (Map<String, Object> sd : (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
                for (String n : (List<String>) sd.getOrDefault("names", List.of())) {
                    scraped.add(n + ":" + sd.get("port") + path);
                }
            }
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                for (String t : (List<String>) sc.getOrDefault("targets", List.of())) {
                    scraped.add(t + path);
                }
            }
        }
        roleServices(compose).forEach((name, s) -> {
            String port = env(s).getOrDefault("HINDSIGHT_HTTP_PORT", String.valueOf(AppFacts.defaultHttpPort()));
            String want = name + ":" + port + AppFacts.METRICS;
            if (!scraped.contains(want)) {
                p.add("Prometheus does not scrape " + want + " (it scrapes " + scraped + ")");
            }
        });
        p.check();
    }

    /** The host file a service mounts at a container path, from short-syntax volumes ("./a:/b:ro"). */
    @SuppressWarnings("unchecked")
    static Map<String, String> binds(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object v : (List<Object>) service.getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(v).split(":");
            if (parts.length >= 2 && (parts[0].startsWith("./") || parts[0].startsWith("/"))) {
                out.put(parts[1], parts[0]);
            }
        }
        return out;
    }

    static List<String> list(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }
}

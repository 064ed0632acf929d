package io.hindsight.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hindsight.contracts.topics.Topic;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The agreements of strimzi/ with contracts' topic catalog, with itself (KRaft, replication) and with k8s/. */
final class StrimziChecks {
    static final String CLUSTER_LABEL = "strimzi.io/cluster";

    private StrimziChecks() {
    }

    static Kafka kafka(List<HasMetadata> objects) {
        List<Kafka> all = ManifestChecks.of(objects, Kafka.class);
        if (all.size() != 1) {
            throw new AssertionError("expected one Kafka cluster, found " + all.size());
        }
        return all.get(0);
    }

    static int nodes(List<HasMetadata> objects, ProcessRoles role) {
        return ManifestChecks.of(objects, KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().contains(role)).mapToInt(p -> p.getSpec().getReplicas()).sum();
    }

    /**
     * KRaft with node pools: every pool belongs to the cluster; an odd number (>= 1) of controllers; brokers;
     * every replication factor of the cluster config (and Kafka's defaults for those not set) fits the brokers,
     * each min ISR within its factor; no automatic topic creation; a plain internal listener for the roles.
     */
    static void cluster(List<HasMetadata> objects) {
        Problems p = new Problems("Strimzi cluster");
        Kafka kafka = kafka(objects);
        String name = kafka.getMetadata().getName();
        List<KafkaNodePool> pools = ManifestChecks.of(objects, KafkaNodePool.class);
        if (pools.isEmpty()) {
            p.add("no KafkaNodePool: Strimzi 1.x needs node pools");
        }
        for (KafkaNodePool pool : pools) {
            String cluster = pool.getMetadata().getLabels() == null ? null : pool.getMetadata().getLabels().get(CLUSTER_LABEL);
            if (!name.equals(cluster)) {
                p.add("KafkaNodePool " + pool.getMetadata().getName() + " belongs to cluster " + cluster + ", not " + name);
            }
        }
        int controllers = nodes(objects, ProcessRoles.CONTROLLER);
        int brokers = nodes(objects, ProcessRoles.BROKER);
        if (controllers < 1 || controllers % 2 == 0) {
            p.add(controllers + " KRaft controllers: the quorum needs an odd number, at least one");
        }
        if (brokers < 1) {
            p.add("no broker nodes");
        }
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        int rf = intConfig(config, "default.replication.factor", 1);
        int minIsr = intConfig(config, "min.insync.replicas", 1);
        replication(p, brokers, "default.replication.factor", rf, "min.insync.replicas", minIsr);
        replication(p, brokers, "offsets.topic.replication.factor", intConfig(config, "offsets.topic.replication.factor", 3),
                null, 0);
        replication(p, brokers, "transaction.state.log.replication.factor",
                intConfig(config, "transaction.state.log.replication.factor", 3),
                "transaction.state.log.min.isr", intConfig(config, "transaction.state.log.min.isr", 2));
        replication(p, brokers, "share.coordinator.state.topic.replication.factor",
                intConfig(config, "share.coordinator.state.topic.replication.factor", 3),
                "share.coordinator.state.topic.min.isr", intConfig(config, "share.coordinator.state.topic.min.isr", 2));
        if (!"false".equals(String.valueOf(config.get("auto.create.topics.enable")))) {
            p.add("auto.create.topics.enable is not false: a mistyped topic name would create a topic");
        }
        if (plainListener(kafka) == null) {
            p.add("no internal listener without TLS and authentication for the roles (HINDSIGHT_BOOTSTRAP_SERVERS)");
        }
        p.check();
    }

    private static void replication(Problems p, int brokers, String rfName, int rf, String isrName, int isr) {
        if (rf > brokers) {
            p.add(rfName + " " + rf + " is more than the " + brokers + " broker(s)");
        }
        if (isrName != null && isr > rf) {
            p.add(isrName + " " + isr + " is more than " + rfName + " " + rf + ": no write could succeed");
        }
    }

    /**
     * A KafkaTopic for every topic of the catalog and for nothing else, each with the catalog's partitions and
     * exactly its configuration, in the cluster; replicas the same for all, within the brokers and at least the
     * cluster's min.insync.replicas (else acks=all producers, the transactional ones among them, cannot write).
     */
    static void topics(List<HasMetadata> objects, List<Topic<?, ?>> catalog) {
        Problems p = new Problems("KafkaTopics vs contracts' Topics.all()");
        Kafka kafka = kafka(objects);
        Map<String, KafkaTopic> byName = new TreeMap<>();
        for (KafkaTopic t : ManifestChecks.of(objects, KafkaTopic.class)) {
            if (byName.put(topicName(t), t) != null) {
                p.add("two KafkaTopics for " + topicName(t));
            }
        }
        Map<String, Topic<?, ?>> expected = catalog.stream()
                .collect(Collectors.toMap(Topic::name, Function.identity(), (a, b) -> a, TreeMap::new));
        for (Topic<?, ?> t : expected.values()) {
            KafkaTopic kt = byName.get(t.name());
            if (kt == null) {
                p.add("no KafkaTopic for catalog topic " + t.name() + "; expected:\n" + expectedYaml(t, kafka.getMetadata().getName()));
                continue;
            }
            if (kt.getSpec().getPartitions() == null || kt.getSpec().getPartitions() != t.partitions()) {
                p.add(t.name() + " has " + kt.getSpec().getPartitions() + " partitions, the catalog " + t.partitions());
            }
            Map<String, String> actual = new TreeMap<>();
            if (kt.getSpec().getConfig() != null) {
                kt.getSpec().getConfig().forEach((k, v) -> actual.put(k, String.valueOf(v)));
            }
            if (!actual.equals(new TreeMap<>(t.config()))) {
                p.add(t.name() + " config " + actual + " is not the catalog's " + new TreeMap<>(t.config()));
            }
            String cluster = kt.getMetadata().getLabels() == null ? null : kt.getMetadata().getLabels().get(CLUSTER_LABEL);
            if (!kafka.getMetadata().getName().equals(cluster)) {
                p.add(t.name() + " is labelled for cluster " + cluster + ", not " + kafka.getMetadata().getName());
            }
        }
        for (String extra : byName.keySet()) {
            if (!expected.containsKey(extra)) {
                p.add("KafkaTopic " + extra + " is not in the catalog (Topics.all())");
            }
        }
        Set<Integer> replicas = byName.values().stream().map(t -> t.getSpec().getReplicas())
                .collect(Collectors.toCollection(TreeSet::new));
        int brokers = nodes(objects, ProcessRoles.BROKER);
        int minIsr = intConfig(kafka.getSpec().getKafka().getConfig(), "min.insync.replicas", 1);
        if (replicas.size() > 1) {
            p.add("KafkaTopics have different replicas: " + replicas);
        }
        for (Integer r : replicas) {
            if (r == null || r > brokers || r < minIsr) {
                p.add("KafkaTopic replicas " + r + " must be between min.insync.replicas " + minIsr + " and the " + brokers + " broker(s)");
            }
        }
        p.check();
    }

    /**
     * k8s/ against strimzi/: the roles' HINDSIGHT_BOOTSTRAP_SERVERS is the cluster's bootstrap Service on its
     * plain listener, and HINDSIGHT_REPLICATION_FACTOR (used when a role creates a missing topic) is the
     * KafkaTopics' replicas.
     */
    static void appWiring(List<HasMetadata> app, List<HasMetadata> strimzi) {
        Problems p = new Problems("k8s/ vs strimzi/");
        Kafka kafka = kafka(strimzi);
        GenericKafkaListener plain = plainListener(kafka);
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + (plain == null ? "?" : plain.getPort());
        int replicas = ManifestChecks.of(strimzi, KafkaTopic.class).stream().map(t -> t.getSpec().getReplicas())
                .findFirst().orElse(-1);
        List<ConfigMap> maps = ManifestChecks.of(app, ConfigMap.class).stream()
                .filter(c -> c.getData() != null && c.getData().containsKey("HINDSIGHT_BOOTSTRAP_SERVERS")).toList();
        if (maps.isEmpty()) {
            p.add("no ConfigMap gives HINDSIGHT_BOOTSTRAP_SERVERS");
        }
        for (ConfigMap cm : maps) {
            String given = cm.getData().get("HINDSIGHT_BOOTSTRAP_SERVERS");
            String svc = kafka.getMetadata().getName() + "-kafka-bootstrap";
            String port = ":" + (plain == null ? "?" : plain.getPort());
            Set<String> accepted = new TreeSet<>(List.of(svc + port));
            if (!namespace(kafka).isEmpty()) {
                accepted.add(svc + "." + namespace(kafka) + ".svc" + port);
                accepted.add(svc + "." + namespace(kafka) + ".svc.cluster.local" + port);
            }
            if (!accepted.contains(given)) {
                p.add("ConfigMap " + cm.getMetadata().getName() + " HINDSIGHT_BOOTSTRAP_SERVERS is " + given
                        + ", the Strimzi bootstrap Service is " + bootstrap);
            }
            String rf = cm.getData().get("HINDSIGHT_REPLICATION_FACTOR");
            if (rf == null || Integer.parseInt(rf) != replicas) {
                p.add("ConfigMap " + cm.getMetadata().getName() + " HINDSIGHT_REPLICATION_FACTOR is " + rf
                        + ", the KafkaTopics have " + replicas + " replicas");
            }
            if (cm.getMetadata().getNamespace() != null && kafka.getMetadata().getNamespace() != null
                    && !cm.getMetadata().getNamespace().equals(kafka.getMetadata().getNamespace())) {
                p.add("the app is in namespace " + cm.getMetadata().getNamespace() + " and Kafka in "
                        + kafka.getMetadata().getNamespace() + ": the short bootstrap name would not resolve");
            }
        }
        p.check();
    }

    static GenericKafkaListener plainListener(Kafka kafka) {
        return kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getType() == KafkaListenerType.INTERNAL && !l.isTls() && l.getAuth() == null)
                .findFirst().orElse(null);
    }

    static String topicName(KafkaTopic t) {
        return t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
    }

    /** The KafkaTopic a catalog topic needs, as YAML to paste into strimzi/base/topics.yaml. */
    static String expectedYaml(Topic<?, ?> t, String cluster) {
        StringBuilder y = new StringBuilder("---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata:\n  name: ")
                .append(t.name()).append("\n  labels:\n    ").append(CLUSTER_LABEL).append(": ").append(cluster)
                .append("\nspec:\n  partitions: ").append(t.partitions()).append("\n  replicas: 3\n  config:\n");
        new TreeMap<>(t.config()).forEach((k, v) -> y.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        return y.toString();
    }

    private static String namespace(HasMetadata o) {
        return o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
    }

    private static int intConfig(Map<String, Object> config, String key, int kafkaDefault) {
        Object v = config == null ? null : config.get(key);
        return v == null ? kafkaDefault : Integer.parseInt(String.valueOf(v));
    }
}

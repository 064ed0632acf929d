package io.hindsight.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Kubernetes and Strimzi manifests as typed model objects: fabric8's kubernetes-model classes for the core
 * kinds, Strimzi's api module (kafka.strimzi.io/v1) for Kafka, KafkaNodePool and KafkaTopic. A kind neither
 * knows fails, and so does any field the model class does not have: fabric8 and Strimzi keep unknown fields in
 * "additionalProperties" instead of refusing them, so every parsed object is walked and those maps must be empty
 * (a misspelt "livenesProbe" or a Strimzi field from another API version is caught here).
 */
final class KubeModels {
    static final String STRIMZI_V1 = "kafka.strimzi.io/v1";
    static final KubernetesSerialization SERIALIZATION = serialization();

    private KubeModels() {
    }

    private static KubernetesSerialization serialization() {
        KubernetesSerialization s = new KubernetesSerialization();
        // Strimzi 0.51's classes serve v1beta2 and v1; only v1 (Strimzi 1.x) is accepted here
        s.registerKubernetesResource(STRIMZI_V1, "Kafka", Kafka.class);
        s.registerKubernetesResource(STRIMZI_V1, "KafkaNodePool", KafkaNodePool.class);
        s.registerKubernetesResource(STRIMZI_V1, "KafkaTopic", KafkaTopic.class);
        return s;
    }

    /** Every YAML document of the text as a typed object, strictly. */
    static List<HasMetadata> parse(String yaml, String origin) {
        List<HasMetadata> out = new ArrayList<>();
        int doc = 0;
        for (Object raw : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            doc++;
            if (raw == null) {
                continue;
            }
            String where = origin + " (document " + doc + ")";
            if (!(raw instanceof Map<?, ?> map) || !map.containsKey("apiVersion") || !map.containsKey("kind")) {
                throw new AssertionError(where + " is not a Kubernetes object (apiVersion and kind): " + raw);
            }
            Object typed;
            try {
                typed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(map));
            } catch (RuntimeException e) {
                throw new AssertionError(where + " does not parse as " + map.get("apiVersion") + "/" + map.get("kind")
                        + ": " + e.getMessage(), e);
            }
            if (!(typed instanceof HasMetadata resource) || typed instanceof GenericKubernetesResource) {
                throw new AssertionError(where + ": " + map.get("apiVersion") + "/" + map.get("kind")
                        + " is not a kind the fabric8 or Strimzi model classes know");
            }
            List<String> unknown = unknownFields(resource);
            String apiVersion = String.valueOf(map.get("apiVersion"));
            if (apiVersion.startsWith("kafka.strimzi.io/")) {
                if (!apiVersion.equals(STRIMZI_V1)) {
                    unknown.add("apiVersion " + apiVersion + " (Strimzi 1.x serves only " + STRIMZI_V1 + ")");
                }
            }
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + " " + resource.getKind() + "/" + resource.getMetadata().getName()
                        + " has fields its model class does not know: " + unknown);
            }
            out.add(resource);
        }
        return out;
    }

    /** Paths of the fields a parsed object kept as "additionalProperties" (unknown to its class). */
    static List<String> unknownFields(Object root) {
        List<String> out = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), out, 0);
        return out;
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static void walk(Object o, String path, List<String> out, int depth) {
        if (o == null || depth > 64) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", out, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), out, depth + 1);
            }
            return;
        }
        Class<?> c = o.getClass();
        String pkg = c.getPackageName();
        if (c.isEnum() || !(pkg.startsWith("io.fabric8.kubernetes.api.model") || pkg.startsWith("io.strimzi.api"))) {
            return;
        }
        for (Method m : c.getMethods()) {
            String n = m.getName();
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !n.startsWith("get")
                    || n.equals("getClass")
                    || (m.isAnnotationPresent(JsonIgnore.class) && !n.equals("getAdditionalProperties"))) {
                continue; // additionalProperties is @JsonIgnore'd (it is the @JsonAnyGetter): exactly what is wanted
            }
            Class<?> type = m.getReturnType();
            if (type.isPrimitive()) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue; // a derived getter that needs more than the parsed fields: not a field
            }
            if (n.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + " " + extra.keySet());
                }
                continue;
            }
            if (pkg.startsWith("io.strimzi.api") && m.isAnnotationPresent(Deprecated.class) && isSet(value)) {
                // kafka.strimzi.io/v1 dropped every field v1beta2 had deprecated (ZooKeeper, spec.kafka.replicas, ...)
                out.add(path + "." + Character.toLowerCase(n.charAt(3)) + n.substring(4) + " (deprecated, not in v1)");
                continue;
            }
            if (type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class) {
                continue;
            }
            walk(value, path + "." + Character.toLowerCase(n.charAt(3)) + n.substring(4), out, depth + 1);
        }
    }
}

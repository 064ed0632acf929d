package io.hindsight.drift;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.concurrent.atomic.AtomicLong;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The model registry inside the topology: global stores of the compacted {@code model-aliases} and
 * {@code models} topics (every instance holds all of both; they are small), and the lookup of a task's
 * Production model. Global stores are restored to the topics' end before any request is processed. Both topics
 * are read as bytes and checked ({@link DriftInputs}): a record that breaks its contract is counted, not stored.
 */
final class RegistryStores {
    static final String ALIASES_STORE = "drift-model-aliases";
    static final String MODELS_STORE = "drift-models";
    static final String NANNIES_STORE = "drift-dle-nannies";

    private RegistryStores() {
    }

    /** @param changes bumped after every write to either store, for the stream threads' {@link RegistryView}s */
    static void add(StreamsBuilder builder, DriftMeters meters, AtomicLong changes) {
        global(builder, Topics.MODEL_ALIASES, ALIASES_STORE, "model-aliases", DriftInputs::alias, meters, changes);
        global(builder, Topics.MODELS, MODELS_STORE, "models", DriftInputs::model, meters, changes);
    }

    /**
     * The DLE nannies: the {@code model-artifacts} records whose {@code hindsight-artifact-kind} header is
     * {@code dle-nanny} (tens of KB each), by sha256; served models' bytes are not kept. A nanny whose key is not
     * the sha256 of its bytes (the topic is content-addressed) is counted, not kept.
     */
    static void addNannies(StreamsBuilder builder, DriftMeters meters) {
        Topic<String, byte[]> topic = Topics.MODEL_ARTIFACTS;
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NANNIES_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName("model-artifacts-source"),
                () -> new NannyUpdater(meters));
    }

    /**
     * The topic is read as bytes and each record checked by {@code check} in the store's processor (Kafka Streams
     * runs it on restore too): a record that breaks the contract is counted, never put in the store.
     */
    private static <V> void global(StreamsBuilder builder, Topic<String, V> topic, String store, String name,
                                   BiFunction<String, byte[], DriftInputs.Checked<V>> check, DriftMeters meters,
                                   AtomicLong changes) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), topic.valueSerde())
                        .withLoggingDisabled(),
                topic.name(), Consumed.with(topic.keySerde(), Serdes.ByteArray()).withName(name + "-source"),
                () -> new StoreUpdater<>(store, topic.name(), check, meters, changes));
    }

    /**
     * The version the task's Production alias points at, with its metadata; null when there is none yet or
     * its metadata has not arrived. Several families may each have a Production alias: the most recently set wins.
     */
    static ModelVersion production(KeyValueStore<String, AliasAssignment> aliases, KeyValueStore<String, ModelVersion> models,
                                   String task) {
        AliasAssignment best = null;
        try (KeyValueIterator<String, AliasAssignment> it = aliases.prefixScan(task + "/", Serdes.String().serializer())) {
            while (it.hasNext()) {
                AliasAssignment a = it.next().value;
                if (a != null && task.equals(a.task()) && Aliases.PRODUCTION.equals(a.alias())
                        && (best == null || a.setAt() > best.setAt())) {
                    best = a;
                }
            }
        }
        return best == null ? null : models.get(best.version());
    }

    /** Keeps the nanny artifacts of {@code model-artifacts}: only records marked as such, tombstones delete. */
    private static final class NannyUpdater implements Processor<String, byte[], Void, Void> {
        private final DriftMeters meters;
        private KeyValueStore<String, byte[]> store;

        NannyUpdater(DriftMeters meters) {
            this.meters = meters;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(NANNIES_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                meters.recordSkipped(Topics.MODEL_ARTIFACTS.name(), DriftMeters.KEY_MISMATCH); // content-addressed: never keyless
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
                return;
            }
            Header kind = record.headers().lastHeader(PerformanceReference.ARTIFACT_KIND_HEADER);
            if (kind == null || kind.value() == null
                    || !PerformanceReference.DLE_NANNY.equals(new String(kind.value(), StandardCharsets.UTF_8))) {
                return; // a served model's bytes: not ours
            }
            if (!record.key().equals(Sha256.hex(record.value()))) {
                meters.recordSkipped(Topics.MODEL_ARTIFACTS.name(), DriftMeters.KEY_MISMATCH);
                return;
            }
            store.put(record.key(), record.value());
        }
    }

    /** Keeps a global store equal to its topic: latest valid value per key, tombstones delete. */
    private static final class StoreUpdater<V> implements Processor<String, byte[], Void, Void> {
        private final String storeName;
        private final String topic;
        private final BiFunction<String, byte[], DriftInputs.Checked<V>> check;
        private final DriftMeters meters;
        private final AtomicLong changes;
        private KeyValueStore<String, V> store;

        StoreUpdater(String storeName, String topic, BiFunction<String, byte[], DriftInputs.Checked<V>> check, DriftMeters meters,
                     AtomicLong changes) {
            this.storeName = storeName;
            this.topic = topic;
            this.check = check;
            this.meters = meters;
            this.changes = changes;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            DriftInputs.Checked<V> checked = check.apply(record.key(), record.value());
            if (!checked.isOk()) {
                checked.countedIn(meters, topic);
            } else if (checked.value() == null) {
                store.delete(record.key()); // a tombstone
                changes.incrementAndGet(); // after the write: a view that sees the new count reads the new value
            } else {
                store.put(record.key(), checked.value());
                changes.incrementAndGet();
            }
        }
    }
}

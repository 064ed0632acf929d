package io.hindsight.app.bench;

import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.joiner.FeedbackJoinerRole;
import io.hindsight.joiner.JoinerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under {@code bench joiner}: what Kafka and Kafka Streams alone cost for the joiner's shape of work on
 * this machine. Same inputs, same Streams configuration (exactly_once_v2, the app's commit interval, threads,
 * batching), same records read and written per request (2 scored, 2 on the entry store's changelog, 2 on the
 * expiry index's), but no parsing, validation, scoring or JSON: each prediction's bytes are stored as they came
 * and sent back out, once per output, when its feedback arrives. The entry and index stores are in memory, or
 * RocksDB with {@code persistent}, so the two floors also price the state store.
 *
 * <p>A measuring instrument, not a joiner: it trusts its inputs (the bench wrote them) and expires nothing.
 */
final class JoinerFloor implements Role {
    private static final String ENTRIES = "floor-entries";
    private static final String INDEX = "floor-index";
    private static final byte[] SERVED = ",\"served\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SHADOW = ",\"served\":false}".getBytes(StandardCharsets.UTF_8);
    /** As big as the joiner's resolved entry (a few numbers kept for the id's duplicates). */
    private static final byte[] RESOLVED = new byte[15];

    private final String bootstrapServers;
    private final JoinerConfig config;
    private final Path stateDir;
    private final TaskTopics topics;
    private final boolean persistent;
    private final int outputs;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;

    JoinerFloor(String bootstrapServers, JoinerConfig config, Path stateDir, TaskTopics topics, boolean persistent, int outputs) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.stateDir = stateDir;
        this.topics = topics;
        this.persistent = persistent;
        this.outputs = outputs;
    }

    @Override
    public String name() {
        return "joiner-floor-" + (persistent ? "rocksdb" : "memory");
    }

    @Override
    public void start() {
        // The role's own configuration under an id of its own.
        Properties p = FeedbackJoinerRole.streamsConfig(bootstrapServers, config, stateDir);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        streams = new KafkaStreams(topology(topics, outputs, persistent, config.horizon().toMillis()), p);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    /** Predictions and feedback (raw bytes) merged into one stateful processor, the outputs to the scored topic. */
    static Topology topology(TaskTopics topics, int outputs, boolean persistent, long horizonMs) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(store(ENTRIES, persistent), Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        b.addStateStore(Stores.keyValueStoreBuilder(store(INDEX, persistent), Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        Consumed<Bytes, byte[]> raw = Consumed.with(Serdes.Bytes(), Serdes.ByteArray());
        b.stream(topics.predictions().name(), raw.withName("floor-predictions"))
                .mapValues(v -> tagged((byte) 'P', v), Named.as("floor-tag-predictions"))
                .merge(b.stream(topics.feedback().name(), raw.withName("floor-feedback"))
                        .mapValues(v -> tagged((byte) 'F', v), Named.as("floor-tag-feedback")), Named.as("floor-merge"))
                .process(() -> new Join(outputs, horizonMs), Named.as("floor-join"), ENTRIES, INDEX)
                .to(topics.scored().name(), Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("floor-scored"));
        return b.build();
    }

    String applicationId() {
        return config.applicationId() + "-floor";
    }

    private static KeyValueBytesStoreSupplier store(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private static byte[] tagged(byte tag, byte[] v) {
        byte[] out = new byte[v.length + 1];
        out[0] = tag;
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    /** One entry per id and one index entry per state, as the joiner keeps them; the outputs are the stored bytes. */
    private static final class Join implements Processor<Bytes, byte[], Bytes, byte[]> {
        private final int outputs;
        private final long horizonMs;
        private ProcessorContext<Bytes, byte[]> context;
        private KeyValueStore<Bytes, byte[]> entries;
        private KeyValueStore<Bytes, byte[]> index;

        Join(int outputs, long horizonMs) {
            this.outputs = outputs;
            this.horizonMs = horizonMs;
        }

        @Override
        public void init(ProcessorContext<Bytes, byte[]> context) {
            this.context = context;
            this.entries = context.getStateStore(ENTRIES);
            this.index = context.getStateStore(INDEX);
        }

        @Override
        public void process(Record<Bytes, byte[]> r) {
            byte[] known = entries.get(r.key());
            if (r.value()[0] == 'P') {
                if (known == null) {
                    save(r.key(), r.value(), r.timestamp());
                } else if (known[0] == 'F') {
                    emit(r, r.value());
                }
            } else if (known == null) {
                save(r.key(), r.value(), r.timestamp());
            } else if (known[0] == 'P') {
                emit(r, known);
            }
        }

        private void emit(Record<Bytes, byte[]> r, byte[] prediction) {
            for (int i = 0; i < outputs; i++) {
                // the prediction's JSON without its tag and closing brace, then the served flag the counter reads
                byte[] tail = i == 0 ? SERVED : SHADOW;
                int body = prediction.length - 2;
                byte[] v = new byte[body + tail.length];
                System.arraycopy(prediction, 1, v, 0, body);
                System.arraycopy(tail, 0, v, body, tail.length);
                context.forward(new Record<>(r.key(), v, r.timestamp()));
            }
            save(r.key(), RESOLVED, r.timestamp());
        }

        private void save(Bytes key, byte[] value, long ts) {
            entries.put(key, value);
            byte[] due = (Long.toString(ts + horizonMs) + "/" + new String(key.get(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            index.put(Bytes.wrap(due), RESOLVED);
        }
    }

    @Override
    public boolean isReady() {
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }
}

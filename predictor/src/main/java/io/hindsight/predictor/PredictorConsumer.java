package io.hindsight.predictor;

import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.batch.BatchPlan;
import io.hindsight.predictor.batch.BatchPlanner;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.dedupe.SeenRequestsLoader;
import io.hindsight.predictor.registry.ModelRegistryView;
import io.hindsight.predictor.registry.ServingModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-predict-produce loop: each poll is one batch and one Kafka transaction holding its dead
 * letters, its predictions and its consumed offsets. On any error the transaction is aborted, the
 * producer re-created (a transactional producer must not be reused after a timeout, Jepsen 2024) and the
 * consumer rewound to the committed offsets, so the batch is processed again exactly once. It does not
 * consume before a Production model is loaded, and pauses if Production disappears; a task that routes each
 * request to its own model (rps) consumes from the start and answers with a fallback until models load.
 */
final class PredictorConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PredictorConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_CONSECUTIVE_FAILURES = 10;
    private static final String STAGE = "predictor";

    private final PredictorConfig config;
    private final ModelRegistryView registry;
    private final PredictorMetrics metrics;
    private final TaskTopics topics;
    private final TaskServing serving;
    private final BatchPlanner planner;
    private final SeenRequests seen;
    private final SeenRequestsLoader loader;
    private final Function<Properties, Producer<byte[], byte[]>> producers;
    private volatile boolean running = true;
    private volatile boolean consuming;
    private volatile Throwable failure;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;
    private boolean rewindNeeded;
    /** After a failed commit that may have succeeded: reload every predictions partition, not just ours. */
    private boolean reloadAllDedupe;
    /** Assigned partitions whose dedupe ids are not loaded yet: paused until they are. */
    private final Set<TopicPartition> awaitingDedupe = new HashSet<>();

    /** @param producers creates the transactional producer from its configuration (a seam for fault-injection tests) */
    PredictorConsumer(PredictorConfig config, ModelRegistryView registry, PredictorMetrics metrics, SeenRequests seen,
                      Function<Properties, Producer<byte[], byte[]>> producers) {
        this.config = config;
        this.producers = producers;
        this.registry = registry;
        this.metrics = metrics;
        this.topics = Topics.of(config.task());
        this.serving = TaskServing.of(config.task());
        this.planner = new BatchPlanner(serving);
        this.seen = seen;
        this.loader = new SeenRequestsLoader(config.bootstrapServers(), topics.predictions(), config.dedupeHorizon());
    }

    /** Consuming with a Production model loaded (rps: consuming, whatever is loaded). */
    boolean isServing() {
        return consuming && failure == null && canServe(registry.current());
    }

    /** Whether a batch can be answered with these models: a routed task answers with a fallback if need be. */
    private boolean canServe(ServingModels models) {
        return serving.routesPerRequest() || models.production() != null;
    }

    /**
     * Serving, or healthy with nothing to serve yet: no Production alias exists for the task (e.g. while the
     * first model trains). Requests wait on Kafka meanwhile and are answered once a model arrives.
     */
    boolean isReady() {
        return failure == null && (isServing() || registry.awaitingFirstModel());
    }

    Throwable failure() {
        return failure;
    }

    /** Stops after the batch in flight; its transaction commits or aborts first. */
    void stop() {
        running = false;
        KafkaConsumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            if (!awaitProduction()) {
                return;
            }
            consumer = new KafkaConsumer<>(PredictorClients.consumerConfig(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topics.requests().name()), new RebuildDedupeOnAssignment());
            loop();
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (Throwable t) { // any escape ends the role: report it so the process restarts
            fail(t);
        } finally {
            consuming = false;
            closeQuietly();
        }
    }

    private boolean awaitProduction() throws InterruptedException {
        if (serving.routesPerRequest()) {
            return running;
        }
        while (running) {
            if (registry.awaitProduction(Duration.ofSeconds(1))) {
                return true;
            }
            log.debug("no {} Production model yet; not consuming", config.task().id());
        }
        return false;
    }

    private void loop() throws InterruptedException {
        int failures = 0;
        while (running) {
            try {
                recoverIfNeeded();
                step();
                failures = 0;
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
            } catch (KafkaException | IllegalStateException | IllegalArgumentException e) {
                failures++;
                if (failures > MAX_CONSECUTIVE_FAILURES) {
                    throw new IllegalStateException("predictor gave up after " + failures + " consecutive failures", e);
                }
                log.warn("batch failed ({} in a row), aborting and retrying: {}", failures, e.toString());
                abortAndDiscardProducer();
                rewindNeeded = true;
                Thread.sleep(Math.min(5_000, 50L << Math.min(failures, 7))); // back off, broker may be recovering
            }
        }
    }

    private void step() {
        ServingModels models = registry.current();
        if (!canServe(models)) {
            consumer.pause(consumer.assignment()); // keep group membership, consume nothing
            consuming = false;
            consumer.poll(POLL);
            return;
        }
        rebuildDedupe();
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        consuming = true;
        if (records.isEmpty()) {
            return;
        }
        models = registry.current(); // the freshest snapshot; this batch uses it throughout
        if (!canServe(models)) {
            rewindTo(firstOffsets(records));
            return;
        }
        process(records, models);
    }

    /** Loads the ids of newly assigned partitions; a failure leaves them paused and is retried like a batch. */
    private void rebuildDedupe() {
        if (!awaitingDedupe.isEmpty() && !serving.requestsKeyedByRequestId()) {
            reloadAllDedupe = true; // rps: a game's requests are keyed by game id, its predictions by request id
        }
        if (reloadAllDedupe) {
            // The failed batch's predictions went to the partitions of their ids, not only to ours.
            List<Integer> all = consumer.partitionsFor(topics.predictions().name()).stream()
                    .map(org.apache.kafka.common.PartitionInfo::partition).sorted().toList();
            loader.load(all, seen, System.currentTimeMillis());
            reloadAllDedupe = false;
            awaitingDedupe.clear();
            return;
        }
        if (awaitingDedupe.isEmpty()) {
            return;
        }
        List<Integer> numbers = awaitingDedupe.stream().map(TopicPartition::partition).sorted().toList();
        loader.load(numbers, seen, System.currentTimeMillis());
        awaitingDedupe.clear();
    }

    private void process(ConsumerRecords<byte[], byte[]> records, ServingModels models) {
        long t0 = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        long now = System.currentTimeMillis();
        seen.evictExpired(now);
        BatchPlan plan = planner.plan(batch, models, seen, now);

        producer.beginTransaction();
        for (BatchPlan.Rejected r : plan.rejected()) {
            producer.send(deadLetter(r));
        }
        Topic<String, PredictionRecord> out = topics.predictions();
        for (PredictionRecord p : plan.predictions()) {
            producer.send(new ProducerRecord<>(out.name(), out.keySerde().serializer().serialize(out.name(), p.requestId()),
                    out.valueSerde().serializer().serialize(out.name(), p)));
        }
        producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
        producer.commitTransaction();

        plan.fresh().forEach(seen::add); // only now: an aborted batch must be predicted again, not replayed
        metrics.committed(plan, batch.size(), System.nanoTime() - t0);
        PredictionLog.committed(plan.fresh());
    }

    /** Capped and cut to fit (see {@link DeadLetters}): a dead letter the producer refused would fail every retry. */
    private ProducerRecord<byte[], byte[]> deadLetter(BatchPlan.Rejected r) {
        return DeadLetters.of(topics.requests().dlq().name(), r.source(), r.reason(), STAGE);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            offsets.put(tp, records.records(tp).get(0).offset());
        }
        return offsets;
    }

    /**
     * Before the first poll: the producer, whose initTransactions aborts what a crashed predecessor with the
     * same transactional id left open (else the group's committed offsets stay unstable until it times out).
     * After a failure: a fresh producer (fencing the old one) and the consumer back at the committed offsets.
     * The dedupe ids are reloaded too: a commit that timed out may still have succeeded, and its ids
     * must then be replayed, not predicted again.
     */
    private void recoverIfNeeded() {
        if (producer == null) {
            producer = newProducer();
        }
        if (rewindNeeded) {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            Map<TopicPartition, Long> to = new HashMap<>();
            List<TopicPartition> neverCommitted = new ArrayList<>();
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata om = committed.get(tp);
                if (om == null) {
                    neverCommitted.add(tp);
                } else {
                    to.put(tp, om.offset());
                }
            }
            rewindTo(to);
            if (!neverCommitted.isEmpty()) { // an empty list would mean every assigned partition: the whole topic again
                consumer.seekToBeginning(neverCommitted); // what auto.offset.reset=earliest did the first time
            }
            reloadAllDedupe = true;
            rewindNeeded = false;
        }
    }

    private void rewindTo(Map<TopicPartition, Long> offsets) {
        offsets.forEach(consumer::seek);
    }

    private void abortAndDiscardProducer() {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        if (p == null) {
            return;
        }
        try {
            p.abortTransaction();
        } catch (RuntimeException e) {
            log.debug("abort failed (producer is discarded anyway): {}", e.toString());
        }
        p.close(Duration.ZERO);
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> producer = producers.apply(PredictorClients.producerConfig(config));
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    private void fail(Throwable t) {
        failure = t;
        log.error("{} predictor stopped for good", config.task().id(), t);
    }

    private void closeQuietly() {
        try {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))); // leaves the group: partitions move at once
            }
        } catch (RuntimeException e) {
            log.warn("closing the requests consumer: {}", e.toString());
        }
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            log.warn("closing the producer: {}", e.toString());
        }
    }

    /**
     * Holds newly assigned partitions back until their dedupe ids are loaded (in the loop, not here, so a
     * failed load is retried rather than thrown out of poll). Revocation needs no flush: every poll's
     * transaction has committed or aborted before the next poll.
     */
    private final class RebuildDedupeOnAssignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            awaitingDedupe.addAll(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            awaitingDedupe.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            awaitingDedupe.removeAll(partitions);
        }
    }
}

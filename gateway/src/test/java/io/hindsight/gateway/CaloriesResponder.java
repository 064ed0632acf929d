package io.hindsight.gateway;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stand-in predictor for the gateway's tests: reads calories.requests from the beginning and answers each
 * id once with Calories = 7.5 x Duration, repeats as replays. Ids starting with "silent" get no answer.
 * The real predictor and the end-to-end test live in other modules.
 */
final class CaloriesResponder implements AutoCloseable {
    static final ModelOutput SERVED = new ModelOutput("xgboost", "calories-xgboost-v2", "Production", 0, null);
    static final ModelOutput SHADOW = new ModelOutput("xgboost", "calories-xgboost-v1", "shadow1", 0, null);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, PredictionRecord> producer;
    private final Map<String, PredictionRecord> answered = new ConcurrentHashMap<>();
    private final Map<String, byte[]> requests = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    CaloriesResponder(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p, new StringSerializer(), Topics.calories().predictions().valueSerde().serializer());
        List<TopicPartition> tps = consumer.partitionsFor(Topics.calories().requests().name(), Duration.ofSeconds(10))
                .stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        thread = new Thread(this::run, "test-calories-responder");
        thread.setDaemon(true);
        thread.start();
    }

    /** The request value as the gateway produced it, by key. */
    byte[] request(String id) {
        return requests.get(id);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    requests.put(r.key(), r.value());
                    if (r.key().startsWith("silent")) {
                        continue;
                    }
                    PredictionRecord earlier = answered.get(r.key());
                    PredictionRecord answer = earlier != null ? earlier.asReplay() : predict(r);
                    answered.putIfAbsent(r.key(), answer);
                    producer.send(new ProducerRecord<>(Topics.calories().predictions().name(), r.key(), answer));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static PredictionRecord predict(ConsumerRecord<String, byte[]> r) {
        CaloriesRecord rec = Json.read(r.value(), CaloriesRecord.class);
        double kcal = 7.5 * rec.duration();
        return new PredictionRecord(rec.id(), "calories",
                new ModelOutput(SERVED.family(), SERVED.version(), SERVED.alias(), kcal, null),
                List.of(new ModelOutput(SHADOW.family(), SHADOW.version(), SHADOW.alias(), kcal + 1, null)),
                r.timestamp(), System.currentTimeMillis(), false);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}

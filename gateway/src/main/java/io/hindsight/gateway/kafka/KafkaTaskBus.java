package io.hindsight.gateway.kafka;

import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.bus.NoModelException;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.bus.TaskBus;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** One task's routes on Kafka: requests and feedback through the shared producer, answers through its reply consumer. */
public final class KafkaTaskBus implements TaskBus {
    private static final BusUnavailableException NOT_READY =
            new BusUnavailableException("the gateway is not connected to Kafka yet");
    private static final BusUnavailableException BROKER_DOWN =
            new BusUnavailableException("Kafka does not answer");

    private final TaskTopics topics;
    private final RequestProducer producer;
    private final ReplyConsumer replies;
    private final BrokerChecks broker;
    private final BooleanSupplier noModel;
    private volatile boolean warm;

    public KafkaTaskBus(TaskTopics topics, RequestProducer producer, ReplyConsumer replies, BrokerChecks broker) {
        this(topics, producer, replies, broker, () -> false);
    }

    /** @param noModel true while the registry is known to hold no Production model for the task */
    public KafkaTaskBus(TaskTopics topics, RequestProducer producer, ReplyConsumer replies, BrokerChecks broker,
                        BooleanSupplier noModel) {
        this.noModel = noModel;
        this.topics = topics;
        this.producer = producer;
        this.replies = replies;
        this.broker = broker;
    }

    /** Fetches the producer's metadata for the request and feedback topics; true once both are known. */
    boolean warmUp() {
        if (!warm) {
            warm = producer.warm(topics.requests().name()) && producer.warm(topics.feedback().name());
        }
        return warm;
    }

    /** Producer metadata known and the reply consumer positioned. */
    public boolean isReady() {
        return warm && replies.isReady();
    }

    @Override
    public Mono<PredictionRecord> predict(String id, byte[] request, Duration timeout) {
        return Mono.defer(() -> {
            if (!isReady()) {
                return Mono.error(NOT_READY);
            }
            if (broker.knownDown()) {
                return Mono.error(BROKER_DOWN);
            }
            if (noModel.getAsBoolean()) {
                return Mono.error(new NoModelException(topics.task().id()));
            }
            PendingReplies.Waiting<PredictionRecord> waiting = replies.register(id); // before producing
            AtomicBoolean acked = new AtomicBoolean();
            return producer.send(topics.requests().name(), id, request)
                    .doOnSuccess(v -> acked.set(true))
                    .then(Mono.fromFuture(waiting.future(), true))
                    .timeout(timeout)
                    .onErrorMap(TimeoutException.class, e -> acked.get()
                            ? new PredictionTimeoutException(id)
                            : new BusUnavailableException("Kafka did not acknowledge the request within " + timeout))
                    .doFinally(signal -> replies.release(id, waiting));
        });
    }

    @Override
    public Mono<Void> feedback(String id, byte[] feedback, Duration timeout) {
        return Mono.defer(() -> {
            if (!warm) {
                return Mono.error(NOT_READY);
            }
            if (broker.knownDown()) {
                return Mono.error(BROKER_DOWN);
            }
            return producer.send(topics.feedback().name(), id, feedback)
                    .timeout(timeout, Mono.error(() ->
                            new BusUnavailableException("Kafka did not acknowledge the feedback within " + timeout)));
        });
    }
}

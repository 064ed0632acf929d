package io.hindsight.gateway.bus;

import io.hindsight.contracts.prediction.PredictionRecord;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The Kafka side of one task's HTTP routes, as the handlers see it. Neither method blocks the caller.
 * Failures are {@link BusUnavailableException} (Kafka did not take the record: answer 503, retry) and
 * {@link PredictionTimeoutException} (Kafka took it, no prediction in time: answer 504, retry with the same id).
 */
public interface TaskBus {

    /**
     * Produces a request record keyed by its id and waits for the prediction with that request id (a replay
     * answers too). The wait is registered before the record is produced, so no answer can be missed.
     *
     * @param id      the request id as text: the record key and the prediction's requestId
     * @param request the record value, JSON bytes carrying the id
     * @param timeout the budget for both Kafka's acknowledgement and the prediction
     */
    Mono<PredictionRecord> predict(String id, byte[] request, Duration timeout);

    /** Produces a feedback record keyed by its request id; completes once Kafka acknowledged it (acks=all). */
    Mono<Void> feedback(String id, byte[] feedback, Duration timeout);
}

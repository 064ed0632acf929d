package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays straight on Kafka, as any Kafka client may: {@link io.hindsight.contracts.rps.RpsCommand} JSON onto
 * rps.moves keyed by game id, the game's state read back from rps.games. Here the player names the game
 * (the run's id prefix and a number), since no gateway hands one out. The game processor answers a bad
 * command with a dead letter, not a reply, so a rejected move shows up as a timeout.
 */
final class KafkaRpsClient implements RpsClient {
    private final Producer<String, byte[]> producer;
    private final GameViews views;
    private final AutoCloseable feed;
    private final RunIds ids;
    private final AtomicLong nextGame = new AtomicLong();
    private final Duration timeout;
    private final String bootstrap;

    /** @param feed what fills {@code views} (closed with the client), or null when a test fills it */
    KafkaRpsClient(Producer<String, byte[]> producer, GameViews views, AutoCloseable feed, RunIds ids, Duration timeout,
                   String bootstrap) {
        this.producer = producer;
        this.views = views;
        this.feed = feed;
        this.ids = ids;
        this.timeout = timeout;
        this.bootstrap = bootstrap;
    }

    static KafkaRpsClient create(String bootstrapServers, Duration timeout, RunIds ids) {
        String clientId = "hindsight-simulator-rps-" + ids.key(0);
        GameViews views = new GameViews();
        GameViewFeed feed = new GameViewFeed(GameViewFeed.consumer(bootstrapServers, clientId), views);
        try {
            feed.start(timeout);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                // one command at a time, as a person plays: no batching delay
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1_000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(Math.min(timeout.toMillis(), 30_000), 500));
        return new KafkaRpsClient(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                views, feed, ids, timeout, bootstrapServers);
    }

    @Override
    public Session open() {
        return new Session() {
            @Override
            public RpsGameView start(boolean easy, String family) throws RpsCallException {
                String gameId = ids.key(nextGame.getAndIncrement());
                views.expect(gameId);
                send(gameId, RpsMessages.kafkaStart(gameId, easy, family));
                return await(gameId, 0);
            }

            @Override
            public RpsGameView move(RpsGameView shown, Move move) throws RpsCallException {
                send(shown.gameId(), RpsMessages.kafkaMove(shown.gameId(), shown.round(), move));
                return await(shown.gameId(), shown.seq());
            }

            @Override
            public void done(String gameId) {
                views.forget(gameId);
            }
        };
    }

    private void send(String gameId, byte[] command) throws RpsCallException {
        try {
            producer.send(new ProducerRecord<>(Topics.RPS_MOVES.name(), gameId, command))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpsCallException("interrupted");
        } catch (TimeoutException e) {
            throw new RpsCallException("timeout", "no acknowledgement from the broker");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RpsCallException("kafka " + cause.getClass().getSimpleName(), cause.getMessage());
        } catch (RuntimeException e) {
            throw new RpsCallException("kafka " + e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private RpsGameView await(String gameId, long afterSeq) throws RpsCallException {
        try {
            RpsGameView v = views.await(gameId, afterSeq, timeout.toNanos());
            if (v == null) {
                throw new RpsCallException("timeout", "no new state of " + gameId + " on " + Topics.RPS_GAMES.name());
            }
            return v;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpsCallException("interrupted");
        }
    }

    @Override
    public String describe() {
        return "kafka " + bootstrap + " (" + Topics.RPS_MOVES.name() + " -> " + Topics.RPS_GAMES.name() + ")";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (feed != null) {
            try {
                feed.close();
            } catch (Exception e) {
                // closing on the way out: nothing left to report it to
            }
        }
    }
}

package io.hindsight.gateway.kafka;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.rps.GameViews;
import io.hindsight.gateway.rps.RpsBackend;
import reactor.core.publisher.Mono;

/**
 * rps on Kafka: commands go to {@code rps.moves} through the gateway's shared producer, keyed by game id (so a
 * game's commands stay in order); {@code rps.games} is followed from its beginning into {@link GameViews}.
 */
public final class KafkaRpsBackend implements RpsBackend, AutoCloseable {
    private final RequestProducer producer;
    private final GameViews views;
    private final TopicFollower games;

    KafkaRpsBackend(String bootstrapServers, String clientId, RequestProducer producer, GameViews views) {
        this.producer = producer;
        this.views = views;
        // From the beginning: rps.games is compacted to each game's latest state, so a gateway started (or
        // restarted) mid-game knows the games in play and a player resumes where the game stands. Read from its
        // end, a restarted gateway answered 404 for every game begun before it, and a player whose move's answer
        // was lost with the old gateway could never resume (found by FaultsIT). GameViews keeps the newest games.
        this.games = new TopicFollower(bootstrapServers, Topics.RPS_GAMES.name(), TopicFollower.From.BEGINNING, clientId,
                r -> views.update(Json.read(r.value(), RpsGameView.class)));
    }

    /** Follows rps.games; the topic must exist (the follower waits for it otherwise). */
    void start() {
        games.start();
    }

    /** Fetches rps.moves' metadata so the first command does not wait for it. */
    boolean warmUp() {
        return producer.warm(Topics.RPS_MOVES.name());
    }

    @Override
    public GameViews views() {
        return views;
    }

    @Override
    public Mono<Void> send(RpsCommand command) {
        return producer.send(Topics.RPS_MOVES.name(), command.gameId(), Json.write(command));
    }

    @Override
    public boolean isReady() {
        return games.isReady();
    }

    @Override
    public void close() {
        games.close();
    }
}

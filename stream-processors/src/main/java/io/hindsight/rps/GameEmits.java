package io.hindsight.rps;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeedback;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Record;

/** The records one game step writes, keyed and serialized as the contracts declare each topic. */
final class GameEmits {
    private static final TaskTopics RPS = Topics.of(Task.RPS);

    private GameEmits() {
    }

    /** The public state, never the pending move or salt: {@link RpsGame#view()} leaves them out. */
    static Record<byte[], Emit> view(RpsGame game, long ts) {
        return record(game.gameId(), Topics.RPS_GAMES.name(),
                Topics.RPS_GAMES.valueSerde().serializer().serialize(Topics.RPS_GAMES.name(), game.view()), ts);
    }

    /** Ground truth of every prediction for the round just played, keyed by its request id. */
    static Record<byte[], Emit> feedback(RpsGame after, long ts) {
        RpsFeedback f = RpsFeedback.of(after);
        return record(f.id(), RPS.feedback().name(), Json.write(f), ts);
    }

    /** The round as a training example: the features the model saw before it, and the move made. */
    static Record<byte[], Emit> example(RpsGame before, RpsGame after, long ts) {
        RpsExample e = RpsExample.of(before, after, "live", null);
        return record(e.key(), Topics.RPS_ROUNDS.name(),
                Topics.RPS_ROUNDS.valueSerde().serializer().serialize(Topics.RPS_ROUNDS.name(), e), ts);
    }

    /** Asks the predictor for the player's next move; keyed by game id as the requests topic declares. */
    static Record<byte[], Emit> request(RpsGame awaitingBot, long ts) {
        return record(awaitingBot.gameId(), RPS.requests().name(), Json.write(RpsRequest.of(awaitingBot)), ts);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Record<byte[], Emit> record(String key, String topic, byte[] value, long ts) {
        return new Record<>(utf8(key), new Emit(topic, value), ts);
    }
}

package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Kafka way in without a broker: the commands the client produces, checked against the rps.moves schema,
 * and whole games played through it by a stand-in game processor (the contracts engine) that answers each
 * command with the views it would put on rps.games. The real broker path is the app's end-to-end test.
 */
class KafkaRpsClientTest {

    /** Answers every command on rps.moves, as the game processor would, straight into the views board. */
    private static final class GameProcessorStandIn extends MockProducer<String, byte[]> {
        final RpsReferee referee = new RpsReferee();
        final GameViews views;

        GameProcessorStandIn(GameViews views) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.views = views;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            Future<RecordMetadata> f = super.send(record);
            RpsCommand c = Json.read(record.value(), RpsCommand.class);
            RpsReferee.Answer a = c.starts()
                    ? referee.start(c.gameId(), c.easyMode(), c.family())
                    : referee.move(c.gameId(), c.round(), c.move());
            a.views().forEach(views::offer);
            return f;
        }
    }

    @Test
    void commandsAreRpsCommandJsonKeyedByGameIdOnRpsMoves() throws Exception {
        GameViews views = new GameViews();
        GameProcessorStandIn producer = new GameProcessorStandIn(views);
        try (KafkaRpsClient client = new KafkaRpsClient(producer, views, null, RunIds.text("sim-"), Duration.ofSeconds(1), "mock")) {
            RpsClient.Session s = client.open();
            RpsGameView shown = s.start(true, "brian");
            assertThat(shown.gameId()).isEqualTo("sim-0");
            assertThat(shown.status()).isEqualTo("awaiting-player");
            RpsGameView next = s.move(shown, Move.SCISSORS);
            assertThat(next.rounds()).hasSize(1);
            assertThat(next.seq()).isGreaterThan(shown.seq());
            s.done(shown.gameId());
        }
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly(Topics.RPS_MOVES.name());
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("sim-0", "sim-0");
        for (ProducerRecord<String, byte[]> r : sent) {
            Parsed<RpsCommand> parsed = RpsWire.COMMAND.read(Json.tree(r.value()));
            assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
        }
        assertThat(Json.read(sent.get(0).value(), RpsCommand.class)).isEqualTo(RpsCommand.start("sim-0", true, "brian"));
        assertThat(Json.read(sent.get(1).value(), RpsCommand.class)).isEqualTo(RpsCommand.move("sim-0", 1, Move.SCISSORS));
        assertThat(views.size()).isZero(); // done() forgot the game
    }

    @Test
    void wholeGamesPlayedThroughKafkaAddUp() throws Exception {
        GameViews views = new GameViews();
        GameProcessorStandIn producer = new GameProcessorStandIn(views);
        StringWriter err = new StringWriter();
        try (KafkaRpsClient client = new KafkaRpsClient(producer, views, null, RunIds.text("k-"), Duration.ofSeconds(1), "mock")) {
            RpsRun run = new RpsRun(client, ScriptedPlayer.ALL, new RpsRun.Settings(2, 2, false, null, 5), new PrintWriter(err));
            RpsSummary summary = run.run(new StopSignal(), Progress.Mode.OFF);

            assertThat(summary.fair()).isTrue();
            assertThat(summary.total().finished()).isEqualTo(10);
            long rounds = producer.referee.games().stream().mapToLong(g -> g.rounds().size()).sum();
            assertThat(summary.total().commitmentsVerified()).isEqualTo(rounds);
            assertThat(producer.history()).hasSize((int) (10 + rounds)); // a start per game, a move per round
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aRejectedCommandShowsUpAsATimeoutSinceTheProcessorOnlyDeadLettersIt() throws Exception {
        GameViews views = new GameViews();
        MockProducer<String, byte[]> silent = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        try (KafkaRpsClient client = new KafkaRpsClient(silent, views, null, RunIds.text("t-"), Duration.ofMillis(1), "mock")) {
            RpsCallException e = org.assertj.core.api.Assertions.catchThrowableOfType(RpsCallException.class,
                    () -> client.open().start(false, null));
            assertThat(e.kind()).isEqualTo("timeout");
        }
    }

    @Test
    void theBoardSkipsTheBotHalfWayAndOlderStates() throws Exception {
        GameViews views = new GameViews();
        RpsReferee referee = new RpsReferee();
        RpsReferee.Answer start = referee.start(false, null);
        String id = start.view().gameId();
        views.offer(start.views().get(0)); // not expected yet: dropped
        assertThat(views.await(id, 0, 0)).isNull();
        views.expect(id);
        views.offer(start.views().get(0)); // awaiting-bot
        assertThat(views.await(id, 0, 0)).isNull();
        views.offer(start.views().get(1)); // awaiting-player, seq 2
        assertThat(views.await(id, 0, 0)).isEqualTo(start.view());
        assertThat(views.await(id, start.view().seq(), 0)).isNull(); // nothing newer yet
        views.offer(start.views().get(0)); // a stale one cannot replace it
        assertThat(views.await(id, 0, 0)).isEqualTo(start.view());
    }

    @Test
    void theFeedReadsRpsGamesFromItsEndAndSkipsUnreadableRecords() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
        String topic = Topics.RPS_GAMES.name();
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, 7L));
        GameViews views = new GameViews();
        RpsReferee referee = new RpsReferee();
        RpsGameView v = referee.start(false, null).view();
        views.expect(v.gameId());
        GameViewFeed feed = new GameViewFeed(consumer, views);
        try {
            // start() without its thread: assign and seek as start() does, then poll by hand
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(7L);
            consumer.addRecord(new ConsumerRecord<>(topic, 0, 7L, "junk", "not json".getBytes()));
            consumer.addRecord(new ConsumerRecord<>(topic, 0, 8L, v.gameId(), Json.write(v)));
            feed.pollOnce(Duration.ZERO);
            assertThat(feed.unreadable()).isEqualTo(1);
            JsonNode got = Json.MAPPER.valueToTree(views.await(v.gameId(), 0, 0));
            assertThat(got).isEqualTo(Json.MAPPER.valueToTree(v));
        } finally {
            feed.close();
        }
    }
}

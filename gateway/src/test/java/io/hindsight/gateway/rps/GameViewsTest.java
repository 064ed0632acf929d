package io.hindsight.gateway.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.rps.Commitment;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The game cache: latest state per game, stale states ignored, waiters answered by predicate, LRU bound. */
class GameViewsTest {
    static final Duration WAIT = Duration.ofSeconds(2);

    static RpsGame started(String id) {
        return RpsGame.start(id, "forrest", "Production", false, 1).commitGambit(Commitment.newSalt(), 2);
    }

    @Test
    void keepsTheLatestStateAndIgnoresAnOlderOne() {
        GameViews views = new GameViews(10);
        RpsGame g = started("g1");
        RpsGame next = g.play(1, Move.ROCK, 3);
        views.update(next.view());
        views.update(g.view());
        assertThat(views.get("g1")).isEqualTo(next.view());
        assertThat(views.get("other")).isNull();
    }

    @Test
    void aWaiterIsAnsweredByTheFirstStateItWantsEvenOneWrittenDuringTheTrigger() {
        GameViews views = new GameViews(10);
        RpsGame g = started("g1");
        views.update(g.view());
        RpsGame played = g.play(1, Move.PAPER, 3);
        RpsGame committed = played.commitGambit(Commitment.newSalt(), 4);
        long seq = g.seq();
        RpsGameView answer = views.awaitAfter(Mono.fromRunnable(() -> {
                    views.update(played.view()); // awaiting-bot: not wanted
                    views.update(committed.view());
                }), "g1", v -> v.seq() > seq && !RpsGame.AWAITING_BOT.equals(v.status()), WAIT)
                .block(WAIT.plusSeconds(1));
        assertThat(answer).isEqualTo(committed.view());
        await().atMost(WAIT).until(() -> views.waiting() == 0);
    }

    @Test
    void aStateHeldAlreadyAnswersAtOnceAndNoStateTimesOut() {
        GameViews views = new GameViews(10);
        views.update(started("g1").view());
        assertThat(views.awaitAfter(Mono.empty(), "g1", v -> true, WAIT).block()).isNotNull();
        assertThatThrownBy(() -> views.awaitAfter(Mono.empty(), "g2", v -> true, Duration.ofMillis(50)).block())
                .hasCauseInstanceOf(TimeoutException.class);
        // the waiter goes in doFinally, which runs just after block() has seen the error
        await().atMost(WAIT).until(() -> views.waiting() == 0);
    }

    @Test
    void holdsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        GameViews views = new GameViews(2);
        views.update(started("a").view());
        views.update(started("b").view());
        views.get("a");
        views.update(started("c").view());
        assertThat(views.size()).isEqualTo(2);
        assertThat(views.get("b")).isNull();
        assertThat(views.get("a")).isNotNull();
    }

    @Test
    void statsCountEachFinishedGameOncePerFamilyAndAlias() {
        GameViews views = new GameViews(10);
        RpsGame g = started("g1");
        int round = 1;
        while (!g.finished()) {
            Move bot = Move.fromId(g.pending().bot());
            g = g.play(round++, bot.counter(), 5); // the player always wins
            views.update(g.view());
            views.update(g.view());
            if (!g.finished()) {
                g = g.commit(Move.ROCK, Commitment.newSalt(), "model", "m", 6);
                views.update(g.view());
            }
        }
        RpsStats.Snapshot s = views.stats().snapshot();
        assertThat(s.finished()).isEqualTo(1);
        assertThat(s.playerWins()).isEqualTo(1);
        assertThat(s.byModel()).singleElement().satisfies(m -> {
            assertThat(m.family()).isEqualTo("forrest");
            assertThat(m.alias()).isEqualTo("Production");
            assertThat(m.playerWinRate()).isEqualTo(1.0);
        });
    }
}

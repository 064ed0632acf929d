package io.hindsight.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {
    final PendingReplies<String> pending = new PendingReplies<>();

    @Test
    void aReplyCompletesTheWaitAndRemovesIt() {
        PendingReplies.Waiting<String> w = pending.register("1");
        assertThat(pending.isWaiting("1")).isTrue();
        assertThat(pending.complete("1", "answer")).isTrue();
        assertThat(w.future().join()).isEqualTo("answer");
        assertThat(pending.size()).isZero();
        assertThat(pending.complete("1", "late")).as("nobody waits any more").isFalse();
        pending.release("1", w); // after the answer: a no-op
        assertThat(pending.size()).isZero();
    }

    @Test
    void requestsWithTheSameIdShareOneWaitUntilTheLastLeaves() {
        PendingReplies.Waiting<String> first = pending.register("7");
        PendingReplies.Waiting<String> retry = pending.register("7");
        assertThat(retry).isSameAs(first);
        pending.release("7", first); // the first attempt timed out
        assertThat(pending.isWaiting("7")).as("the retry still waits").isTrue();
        pending.complete("7", "x");
        assertThat(retry.future().join()).isEqualTo("x");
    }

    @Test
    void aTimedOutWaitIsRemovedAndANewOneDoesNotSeeItsLeftovers() {
        PendingReplies.Waiting<String> old = pending.register("9");
        pending.release("9", old);
        assertThat(pending.isWaiting("9")).isFalse();
        PendingReplies.Waiting<String> fresh = pending.register("9");
        pending.release("9", old); // a stale release must not drop the new wait
        assertThat(pending.isWaiting("9")).isTrue();
        assertThat(fresh).isNotSameAs(old);
    }

    @Test
    void failAllAnswersEveryWaitWithTheCause() {
        PendingReplies.Waiting<String> a = pending.register("a");
        pending.failAll(new IllegalStateException("closing"));
        assertThat(pending.size()).isZero();
        assertThat(a.future()).isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(a.future()::join).isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("closing");
    }
}

package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays over the gateway's WebSocket {@code /v1/rps/live}, as the game page does: one connection per worker,
 * one game at a time on it, a command sent and the next settled state awaited. States the server pushes on
 * the way (the bot still thinking) are skipped. A connection that timed out or closed is not reused, since a
 * late answer on it would be taken for the next game's.
 */
final class WebSocketRpsClient implements RpsClient {
    private static final Object CLOSED = new Object();

    private final HttpClient http;
    private final URI uri;
    private final Duration timeout;

    WebSocketRpsClient(URI base, Duration timeout) {
        this.uri = liveUri(base);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** http://host:8080/prefix becomes ws://host:8080/prefix/v1/rps/live (https: wss). */
    static URI liveUri(URI base) {
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + base.getRawAuthority() + prefix + "/v1/rps/live");
    }

    @Override
    public Session open() throws RpsCallException {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(uri, new Inbox(inbox)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new LiveSession(ws, inbox);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpsCallException("interrupted");
        } catch (TimeoutException e) {
            throw new RpsCallException("connect timeout");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new RpsCallException(c instanceof java.io.IOException io ? HttpTarget.kindOf(io) : "ws connect failed",
                    String.valueOf(c));
        }
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is AutoCloseable only from Java 21; sessions close their own sockets.
    }

    private final class LiveSession implements Session {
        private final WebSocket ws;
        private final BlockingQueue<Object> inbox;
        private boolean usable = true;

        LiveSession(WebSocket ws, BlockingQueue<Object> inbox) {
            this.ws = ws;
            this.inbox = inbox;
        }

        @Override
        public RpsGameView start(boolean easy, String family) throws RpsCallException {
            return exchange(RpsMessages.wsStart(easy, family), null, 0);
        }

        @Override
        public RpsGameView move(RpsGameView shown, Move move) throws RpsCallException {
            return exchange(RpsMessages.wsMove(shown.round(), move), shown.gameId(), shown.seq());
        }

        private RpsGameView exchange(String message, String gameId, long afterSeq) throws RpsCallException {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                ws.sendText(message, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                while (true) {
                    Object m = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (m == null) {
                        throw broken("timeout");
                    }
                    if (m == CLOSED) {
                        throw broken("ws closed");
                    }
                    RpsGameView v = RpsMessages.wsState((String) m);
                    boolean ours = gameId == null || gameId.equals(v.gameId());
                    if (ours && v.seq() > afterSeq && !RpsGame.AWAITING_BOT.equals(v.status())) {
                        return v;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw broken("interrupted");
            } catch (TimeoutException e) {
                throw broken("timeout");
            } catch (ExecutionException e) {
                throw broken("ws closed");
            }
        }

        private RpsCallException broken(String kind) {
            usable = false;
            return new RpsCallException(kind);
        }

        @Override
        public boolean usable() {
            return usable;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> ws.abort());
        }
    }

    /** Collects whole text messages (the client may hand them over in parts) into the session's inbox. */
    private static final class Inbox implements WebSocket.Listener {
        private final BlockingQueue<Object> inbox;
        private final StringBuilder partial = new StringBuilder();

        Inbox(BlockingQueue<Object> inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.add(CLOSED);
        }
    }
}

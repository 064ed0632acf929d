package io.hindsight.gateway.digits;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.bus.NoModelException;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.WebSocketUpgrade;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.ServedModel;
import io.hindsight.gateway.http.TaskExchange;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One live page: the drawing as it is drawn, the guesses, the answer. Frames in:
 * <ul>
 *   <li>{@code {"type":"draft","drawing":"<id>","strokes":{...}}}: predicted as a draft request with the id
 *       {@code <drawing>.<n>} (n counts this socket's drafts). One draft is in flight at a time; drafts that
 *       arrive meanwhile replace each other and only the newest is sent when the one in flight is answered.
 *       Answered with {@code {"type":"guess","drawing","seq","digit","probabilities","top3","model"}}.</li>
 *   <li>{@code {"type":"answer","drawing","strokes","label":0..9}}: one final request with id = drawing, its
 *       prediction awaited, then the feedback {@code {"id":drawing,"label"}}; answered with
 *       {@code {"type":"recorded","drawing","guess","label","correct","model"}}. Drafts of an answered drawing
 *       are dropped and its late guesses not sent.</li>
 * </ul>
 * Anything wrong is answered {@code {"type":"error","reason","drawing"?}} and the socket stays open, except a
 * frame over the limit (closed 1009) or not UTF-8 (closed 1007), whose close status carries the reason. The
 * accuracy view is pushed as {@code {"type":"accuracy",...}}. Thread-safe: frames come from the socket's
 * thread, answers from Kafka's.
 */
final class LiveSession {
    private static final Logger log = LoggerFactory.getLogger(LiveSession.class);
    /** A drawing id: it becomes a record key, so short and plain. */
    static final Pattern DRAWING = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_ANSWERS_IN_FLIGHT = 4;
    /** Answered drawings remembered per socket, to drop their late drafts and refuse a second answer. */
    private static final int REMEMBERED = 64;

    /** Why a frame was answered with an error: the reason tag of hindsight_ws_errors_total. */
    enum Failure {
        /** Not JSON, not an object, binary, or an unknown type. */
        MALFORMED,
        /** A known frame with a bad field (drawing, strokes, label). */
        INVALID,
        /** Kafka took the request, no prediction in time. */
        TIMEOUT,
        /** Kafka did not take the request or the feedback. */
        UNAVAILABLE,
        /** Too many answers in flight on this socket. */
        BUSY,
        /** A frame over the size limit: the socket is closed with 1009 (message too big). */
        TOO_LARGE,
        /** Anything else: logged. */
        INTERNAL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Draft(String drawing, long seq, TaskExchange.Valid<DigitsRequest> request) {
    }

    /** A frame that cannot be acted on; thrown inside this class only. */
    private static final class Refused extends RuntimeException {
        final Failure failure;

        Refused(Failure failure, String reason) {
            super(reason, null, false, false);
            this.failure = failure;
        }
    }

    private final TaskExchange<DigitsRequest, DigitsFeedback> exchange;
    private final LiveMetrics metrics;
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> closing = Sinks.empty();
    private final AtomicInteger answering = new AtomicInteger();
    private final Object lock = new Object();
    private final LinkedHashSet<String> answered = new LinkedHashSet<>();
    private long seq;
    private Draft inFlight;
    private Draft pending;
    private boolean closed;

    LiveSession(TaskExchange<DigitsRequest, DigitsFeedback> exchange, LiveMetrics metrics) {
        this.exchange = exchange;
        this.metrics = metrics;
    }

    /** The frames to send, as JSON text; completes when the session closes. */
    Flux<String> frames() {
        return out.asFlux();
    }

    /** One text frame from the page. */
    void receive(String text) {
        String drawing = null;
        ObjectNode frame;
        try {
            frame = parse(text);
        } catch (Refused r) {
            metrics.received("other");
            fail(r.failure, null, r.getMessage());
            return;
        }
        try {
            String type = frame.path("type").isString() ? frame.get("type").asString() : "";
            boolean known = type.equals("draft") || type.equals("answer");
            metrics.received(known ? type : "other");
            if (!known) {
                throw new Refused(Failure.MALFORMED, "unknown frame type '" + WebSocketUpgrade.quoted(type)
                        + "': send {\"type\":\"draft\",...} or {\"type\":\"answer\",...}");
            }
            drawing = drawingOf(frame);
            if (type.equals("draft")) {
                draft(drawing, frame);
            } else {
                answer(drawing, frame);
            }
        } catch (Refused r) {
            fail(r.failure, drawing, r.getMessage());
        } catch (HttpRejection r) {
            fail(Failure.INVALID, drawing, r.detail());
        }
    }

    /** A binary frame: the protocol is JSON text. */
    void receiveBinary() {
        metrics.received("other");
        fail(Failure.MALFORMED, null, "send JSON text frames, not binary ones");
    }

    /**
     * A frame the server refused while decoding it: too large (the socket closes 1009), not UTF-8 (1007) or
     * breaking the protocol (1002), counted as malformed. No error frame can follow: the close status says why.
     */
    void refused(CloseStatus status) {
        metrics.received("other");
        metrics.failed(status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode() ? Failure.TOO_LARGE : Failure.MALFORMED);
    }

    /** Pushes the accuracy view to the page. */
    void accuracy(DigitsAccuracy.Snapshot snapshot) {
        emit("accuracy", new AccuracyFrame("accuracy", snapshot));
    }

    /** Stops sending: drafts in flight are cancelled; answers in flight still record their feedback. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            pending = null;
        }
        closing.tryEmitEmpty();
        synchronized (out) {
            out.tryEmitComplete();
        }
    }

    private static ObjectNode parse(String text) {
        JsonNode node;
        try {
            node = Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new Refused(Failure.MALFORMED, "malformed JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Refused(Failure.MALFORMED, "a frame is a JSON object with a \"type\"");
        }
        return object;
    }

    private static String drawingOf(ObjectNode frame) {
        JsonNode d = frame.get("drawing");
        if (d == null || !d.isString() || !DRAWING.matcher(d.asString()).matches()) {
            throw new Refused(Failure.INVALID, "drawing: required, 1-64 letters, digits, '-' or '_'");
        }
        return d.asString();
    }

    private static JsonNode strokesOf(ObjectNode frame) {
        JsonNode s = frame.get("strokes");
        if (s == null || !s.isObject()) {
            throw new Refused(Failure.INVALID, "strokes: required, {\"width\",\"height\",\"lines\":[[[x,y],...],...]}");
        }
        return s;
    }

    private void draft(String drawing, ObjectNode frame) {
        JsonNode strokes = strokesOf(frame);
        long n;
        synchronized (lock) {
            if (closed || answered.contains(drawing)) {
                return; // a late draft of a drawing already answered
            }
            n = ++seq;
        }
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("id", drawing + "." + n);
        request.set("strokes", strokes);
        request.put("draft", true);
        Draft d = new Draft(drawing, n, exchange.request(request));
        boolean sendNow;
        synchronized (lock) {
            sendNow = inFlight == null;
            if (sendNow) {
                inFlight = d;
            } else {
                if (pending != null) {
                    metrics.droppedDraft();
                }
                pending = d;
            }
        }
        if (sendNow) {
            send(d);
        }
    }

    /** Predicts a draft; whatever becomes of it (guess, error, session closed), the next waiting draft follows. */
    private void send(Draft d) {
        exchange.predict(d.request())
                .takeUntilOther(closing.asMono())
                .doOnNext(a -> guessed(d, a.prediction()))
                .doOnError(e -> fail(failureOf(e), d.drawing(), messageOf(e)))
                .doFinally(signal -> next())
                .subscribe(a -> { }, e -> { });
    }

    private void guessed(Draft d, PredictionRecord p) {
        boolean late;
        synchronized (lock) {
            late = answered.contains(d.drawing());
        }
        if (!late) {
            DigitGuess g = DigitGuess.of(p.served());
            emit("guess", new GuessFrame("guess", d.drawing(), d.seq(), g.digit(), g.probabilities(), g.top3(), g.model()));
        }
    }

    /** The draft in flight is done: send the newest one waiting, unless its drawing was answered meanwhile. */
    private void next() {
        Draft d;
        synchronized (lock) {
            d = pending;
            pending = null;
            if (d != null && (closed || answered.contains(d.drawing()))) {
                d = null;
            }
            inFlight = d;
        }
        if (d != null) {
            send(d);
        }
    }

    private void answer(String drawing, ObjectNode frame) {
        JsonNode strokes = strokesOf(frame);
        if (!frame.hasNonNull("label")) {
            throw new Refused(Failure.INVALID, "label: required, the digit drawn, 0-9");
        }
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("id", drawing);
        request.set("strokes", strokes);
        TaskExchange.Valid<DigitsRequest> valid = exchange.request(request);
        ObjectNode fb = Json.MAPPER.createObjectNode();
        fb.put("id", drawing);
        fb.set("label", frame.get("label"));
        fb.put("ts", System.currentTimeMillis() / 1000.0);
        TaskExchange.Valid<DigitsFeedback> feedback = exchange.feedback(fb);
        synchronized (lock) {
            if (answered.contains(drawing)) {
                throw new Refused(Failure.INVALID, "drawing " + drawing + " was already answered; start a new drawing");
            }
            if (answering.get() >= MAX_ANSWERS_IN_FLIGHT) {
                throw new Refused(Failure.BUSY, "too many answers in flight; wait for \"recorded\"");
            }
            answering.incrementAndGet();
            remember(drawing);
            if (pending != null && pending.drawing().equals(drawing)) {
                pending = null;
                metrics.droppedDraft();
            }
        }
        int label = feedback.value().label();
        exchange.predict(valid)
                .flatMap(a -> exchange.send(feedback).thenReturn(a.prediction()))
                .doFinally(s -> answering.decrementAndGet())
                .subscribe(p -> {
                    DigitGuess g = DigitGuess.of(p.served());
                    emit("recorded", new RecordedFrame("recorded", drawing, g.digit(), label, g.digit() == label, g.model()));
                }, e -> {
                    synchronized (lock) {
                        answered.remove(drawing); // the page may answer again: a repeat is a replay, never a second prediction
                    }
                    fail(failureOf(e), drawing, messageOf(e));
                });
    }

    private void remember(String drawing) {
        answered.add(drawing);
        if (answered.size() > REMEMBERED) {
            answered.remove(answered.iterator().next());
        }
    }

    private void fail(Failure failure, String drawing, String reason) {
        metrics.failed(failure);
        emit("error", new ErrorFrame("error", reason, drawing));
    }

    private static Failure failureOf(Throwable e) {
        if (e instanceof HttpRejection r && r.reason() == RejectReason.TIMEOUT) {
            return Failure.TIMEOUT;
        }
        if (e instanceof BusUnavailableException || e instanceof NoModelException) {
            return Failure.UNAVAILABLE;
        }
        if (e instanceof HttpRejection) {
            return Failure.INVALID;
        }
        log.error("live digits frame failed", e);
        return Failure.INTERNAL;
    }

    private static String messageOf(Throwable e) {
        if (e instanceof HttpRejection r && r.reason() == RejectReason.TIMEOUT) {
            return "no prediction in time; try again";
        }
        if (e instanceof HttpRejection r) {
            return r.detail();
        }
        if (e instanceof BusUnavailableException) {
            return "kafka unavailable: " + e.getMessage() + "; try again in a moment";
        }
        if (e instanceof NoModelException) {
            return e.getMessage();
        }
        return "internal error";
    }

    private void emit(String type, Object frame) {
        String text = Json.writeString(frame);
        synchronized (out) { // a sink takes one emission at a time; they come from the socket's and Kafka's threads
            if (out.tryEmitNext(text).isSuccess()) {
                metrics.sent(type);
            }
        }
    }

    @JsonPropertyOrder({"type", "drawing", "seq", "digit", "probabilities", "top3", "model"})
    record GuessFrame(String type, String drawing, long seq, int digit, List<Double> probabilities,
                      List<DigitGuess.Ranked> top3, ServedModel model) {
    }

    @JsonPropertyOrder({"type", "drawing", "guess", "label", "correct", "model"})
    record RecordedFrame(String type, String drawing, int guess, int label, boolean correct, ServedModel model) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "reason", "drawing"})
    record ErrorFrame(String type, String reason, String drawing) {
    }

    @JsonPropertyOrder({"type"})
    record AccuracyFrame(String type, @JsonUnwrapped DigitsAccuracy.Snapshot snapshot) {
    }
}

package io.hindsight.gateway.rps;

import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.gateway.bus.BusUnavailableException;
import reactor.core.publisher.Mono;

/**
 * What the rps routes need from Kafka: a way to write commands to {@code rps.moves} and the games read back
 * from {@code rps.games}. The game processor is the only writer of game states; the gateway only asks and waits.
 */
public interface RpsBackend {

    /** The games seen on rps.games. */
    GameViews views();

    /** Writes the command keyed by its game id; fails with {@link BusUnavailableException} when Kafka does not take it. */
    Mono<Void> send(RpsCommand command);

    /** True once rps.games is followed from its end: a state written after this is seen. */
    boolean isReady();

    /** No Kafka: every game route answers 503, the page is still served. */
    static RpsBackend unavailable() {
        GameViews none = new GameViews(1);
        return new RpsBackend() {
            @Override
            public GameViews views() {
                return none;
            }

            @Override
            public Mono<Void> send(RpsCommand command) {
                return Mono.error(new BusUnavailableException("this process has no Kafka connection for rps"));
            }

            @Override
            public boolean isReady() {
                return false;
            }
        };
    }
}

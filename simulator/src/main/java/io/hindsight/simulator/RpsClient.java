package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGameView;

/**
 * How the simulator plays rps against Hindsight: over the gateway's HTTP API, its WebSocket, or straight on
 * Kafka. A client is shared by all game workers; each worker opens its own {@link Session}, because a
 * WebSocket carries one game's conversation at a time.
 */
interface RpsClient extends AutoCloseable {

    Session open() throws RpsCallException;

    /** One line for the run header. */
    String describe();

    @Override
    void close();

    /** Plays games one after another; not thread-safe. */
    interface Session extends AutoCloseable {

        /** Starts a game and returns it awaiting the player's first move (with the bot's commitment). */
        RpsGameView start(boolean easy, String family) throws RpsCallException;

        /**
         * Plays {@code move} in the round {@code shown} is awaiting and returns the game once that round resolved:
         * the round revealed, and either the next commitment or the game over.
         */
        RpsGameView move(RpsGameView shown, Move move) throws RpsCallException;

        /** The game is over or abandoned; forget anything kept for it. */
        default void done(String gameId) {
        }

        /** False once the session cannot be trusted for another game (a WebSocket that broke or fell out of step). */
        default boolean usable() {
            return true;
        }

        @Override
        default void close() {
        }
    }
}

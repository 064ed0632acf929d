package io.hindsight.contracts.role;

/**
 * A stage of the flow run by the app: started and stopped by the composition root, asked for readiness by
 * {@code /readyz}. A role whose work fails for good reports it through {@link #failure()} and the process
 * stops so the orchestrator restarts it.
 */
public interface Role extends AutoCloseable {
    String name();

    void start();

    boolean isReady();

    /** Non-null once the role has failed beyond recovery. */
    default Throwable failure() {
        return null;
    }

    @Override
    void close();
}

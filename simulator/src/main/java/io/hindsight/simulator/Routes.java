package io.hindsight.simulator;

import io.hindsight.contracts.Task;

/** The HTTP routes a target serves a task on. */
public enum Routes {
    /** Hindsight's own: POST /v1/{task}/predict and /v1/{task}/feedback. */
    V1,
    /** The seed-004 API, calories only, served by Hindsight and by the peer: POST /predict and /feedback. */
    SEED;

    public String predict(Task task) {
        return this == SEED ? "/predict" : "/v1/" + task.id() + "/predict";
    }

    public String feedback(Task task) {
        return this == SEED ? "/feedback" : "/v1/" + task.id() + "/feedback";
    }
}

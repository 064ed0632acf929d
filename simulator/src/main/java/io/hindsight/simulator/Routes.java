package io.hindsight.simulator;

/** The HTTP routes a target serves calories on. */
public enum Routes {
    /** Hindsight's own: POST /v1/calories/predict and /v1/calories/feedback. */
    V1("/v1/calories/predict", "/v1/calories/feedback"),
    /** The seed-004 API, served by Hindsight and by the peer: POST /predict and /feedback. */
    SEED("/predict", "/feedback");

    private final String predict;
    private final String feedback;

    Routes(String predict, String feedback) {
        this.predict = predict;
        this.feedback = feedback;
    }

    public String predict() {
        return predict;
    }

    public String feedback() {
        return feedback;
    }
}

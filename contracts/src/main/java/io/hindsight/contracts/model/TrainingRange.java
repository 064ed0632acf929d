package io.hindsight.contracts.model;

/** An exact slice of a topic a model was trained on: offsets [startOffset, endOffset). */
public record TrainingRange(String topic, int partition, long startOffset, long endOffset) {
}

package io.hindsight.gateway.models;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;

/**
 * Writes a model to the registry topics in one Kafka transaction: the bytes on model-artifacts (key sha256),
 * the version on models, the alias on model-aliases. Either all three are visible to read_committed readers or
 * none is. Blocking: called off the event loop.
 */
@FunctionalInterface
public interface ModelRegistryWriter {

    /** @throws io.hindsight.gateway.bus.BusUnavailableException when Kafka did not commit it */
    void publish(ModelVersion version, byte[] artifact, AliasAssignment alias);
}

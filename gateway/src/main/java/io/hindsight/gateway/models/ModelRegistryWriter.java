package io.hindsight.gateway.models;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;

/**
 * Writes to the registry topics (and the promotion ledger), each call in one Kafka transaction, so read_committed readers see all of it
 * or none. Blocking: called off the event loop.
 */
public interface ModelRegistryWriter {

    /**
     * An uploaded model: the bytes on model-artifacts (key sha256), the version on models, the alias on
     * model-aliases.
     *
     * @throws io.hindsight.gateway.bus.BusUnavailableException when Kafka did not commit it
     */
    void publish(ModelVersion version, byte[] artifact, AliasAssignment alias);

    /**
     * Moves one alias: the assignment alone on model-aliases (key {@link AliasAssignment#key()}).
     *
     * @throws io.hindsight.gateway.bus.BusUnavailableException when Kafka did not commit it
     */
    void assign(AliasAssignment alias);

    /**
     * An operator's promotion override: the ledger entry on promotions (key {@link PromotionDecision#key}) and the
     * alias move it made on model-aliases, in one transaction, the way the promotion role writes its decisions.
     *
     * @throws io.hindsight.gateway.bus.BusUnavailableException when Kafka did not commit it
     */
    void override(PromotionDecision decision, AliasAssignment alias);
}

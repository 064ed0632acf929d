package io.hindsight.gateway.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.prediction.ModelOutput;

/** The model that answered, as every task's predict answer names it: {"family","version","alias"}. */
@JsonPropertyOrder({"family", "version", "alias"})
public record ServedModel(String family, String version, String alias) {

    public static ServedModel of(ModelOutput output) {
        return new ServedModel(output.family(), output.version(), output.alias());
    }
}

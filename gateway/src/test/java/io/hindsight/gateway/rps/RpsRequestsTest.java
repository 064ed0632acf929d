package io.hindsight.gateway.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.http.HttpRejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Bodies and frames a player may send: every bad one is a 400 naming the field, never an exception of the JSON tree. */
class RpsRequestsTest {

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Found by the fuzz: asLong()/asInt() of Jackson 3 throw past their range, which answered 500. */
    @ParameterizedTest
    @ValueSource(strings = {"1000000000000000000000000000000", "-99999999999999999999", "9223372036854775807",
        "3000000000", "0", "201", "1.5", "\"1\"", "true", "null", "[1]", "{}"})
    void aRoundOutOfRangeOrOfTheWrongTypeIs400NamingIt(String round) {
        assertThatThrownBy(() -> RpsRequests.play(tree("{\"round\":" + round + ",\"move\":\"rock\"}")))
                .isInstanceOfSatisfying(HttpRejection.class, r -> {
                    assertThat(r.status().value()).isEqualTo(400);
                    assertThat(r.detail()).startsWith("round: required");
                });
    }

    @Test
    void aValidMoveIsRead() {
        RpsRequests.Play p = RpsRequests.play(tree("{\"round\":200,\"move\":\"paper\"}"));
        assertThat(p.round()).isEqualTo(200);
    }

    /** Found by the fuzz: asString() of an object or array throws in Jackson 3, which answered a 500 error frame. */
    @ParameterizedTest
    @ValueSource(strings = {"{}", "[\"g1\"]", "7", "true", "\"bad id!\"", "\"\""})
    void aGameIdThatIsNotAnIdIs400(String id) {
        assertThatThrownBy(() -> RpsRequests.gameId(tree("{\"gameId\":" + id + "}").get("gameId")))
                .isInstanceOfSatisfying(HttpRejection.class, r -> assertThat(r.detail()).startsWith("gameId:"));
        assertThat(RpsRequests.gameId(tree("{\"gameId\":\"g-1.a_b\"}").get("gameId"))).isEqualTo("g-1.a_b");
    }
}

package io.hindsight.gateway.rps;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The bodies and frames players send, checked field by field: every problem is a {@link FieldError} in a 400
 * (or an error frame), never a command the game processor would have to dead-letter.
 */
final class RpsRequests {
    /** The contract's game id (rps.command.schema.json): it is the record key of rps.moves and rps.games. */
    static final Pattern GAME_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** {"easy"?: bool, "family"?: forrest|logan|brian|null}. */
    record Start(boolean easy, String family) {
    }

    /** {"round": 1..200, "move": rock|paper|scissors}. */
    record Play(int round, Move move) {
    }

    private RpsRequests() {
    }

    /** The JSON object of a body; an empty body is an empty object (a start with the defaults). */
    static JsonNode object(byte[] bytes) {
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())),
                    RejectReason.MALFORMED);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "a JSON object is required")), RejectReason.INVALID);
        }
        return node;
    }

    static Start start(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode easy = body.get("easy");
        if (easy != null && !easy.isNull() && !easy.isBoolean()) {
            errors.add(new FieldError("easy", "true or false"));
        }
        JsonNode family = body.get("family");
        String f = null;
        if (family != null && !family.isNull()) {
            if (family.isString() && RpsRules.isFamily(family.asString())) {
                f = family.asString();
            } else if (!(family.isString() && family.asString().isEmpty())) {
                errors.add(new FieldError("family", "one of " + RpsRules.FAMILIES + " or null (the game id picks one), not "
                        + family));
            }
        }
        check(errors);
        return new Start(easy != null && easy.asBoolean(false), f);
    }

    static Play play(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode round = body.get("round");
        // canConvertToInt first: asInt() throws for a number past the int range (1e30 is an integral number)
        if (round == null || !round.isIntegralNumber() || !round.canConvertToInt() || round.asInt() < 1
                || round.asInt() > RpsRules.MAX_ROUNDS) {
            errors.add(new FieldError("round", "required: the round in play, an integer 1-" + RpsRules.MAX_ROUNDS));
        }
        JsonNode move = body.get("move");
        Move m = null;
        if (move == null || !move.isString()) {
            errors.add(new FieldError("move", "required: rock, paper or scissors"));
        } else {
            try {
                m = Move.fromId(move.asString());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("move", e.getMessage()));
            }
        }
        check(errors);
        return new Play(round.asInt(), m);
    }

    /** The game id a frame names: a string of the contract's form, else 400 (never an exception of the JSON tree). */
    static String gameId(JsonNode id) {
        return gameId(id != null && id.isString() ? id.asString() : null);
    }

    static String gameId(String id) {
        if (id == null || !GAME_ID.matcher(id).matches()) {
            throw HttpRejection.invalid(List.of(new FieldError("gameId", "1-64 letters, digits, '.', '_' or '-'")),
                    RejectReason.INVALID);
        }
        return id;
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw HttpRejection.invalid(errors, RejectReason.INVALID);
        }
    }
}

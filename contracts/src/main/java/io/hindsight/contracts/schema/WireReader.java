package io.hindsight.contracts.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hindsight.contracts.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads untrusted JSON (an HTTP body or a raw Kafka record) against the topic's JSON Schema and binds it to
 * a record. Every failure is a list of field errors, never an exception: the caller answers 400 or routes
 * the record to the DLQ.
 */
public final class WireReader<T> {
    /** Schemas refer to each other by their https://hindsight.io/schemas/ ids; they resolve on the classpath, never the network. */
    public static final String SCHEMA_ID_PREFIX = "https://hindsight.io/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));

    private final Schema schema;
    private final Class<T> type;

    public WireReader(String schemaResource, Class<T> type) {
        this.schema = load(schemaResource);
        this.type = type;
    }

    public Parsed<T> read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Parsed.failed(List.of(new FieldError("$", "empty body; expected a JSON object")));
        }
        int bad = io.hindsight.contracts.json.Utf8.firstInvalid(bytes);
        if (bad >= 0) {
            return Parsed.failed(List.of(new FieldError("$", "not UTF-8: bad byte at offset " + bad)));
        }
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            return Parsed.failed(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())));
        }
        return read(node);
    }

    public Parsed<T> read(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return Parsed.failed(List.of(new FieldError("$", "empty body; expected a JSON object")));
        }
        List<FieldError> errors = validate(node);
        if (!errors.isEmpty()) {
            return Parsed.failed(errors);
        }
        try {
            return Parsed.ok(Json.convert(node, type));
        } catch (JacksonException e) {
            return Parsed.failed(List.of(new FieldError("$", e.getOriginalMessage())));
        } catch (RuntimeException e) {
            // a record's own constructor checks (IllegalArgumentException and the like): a bad value, not a crash
            return Parsed.failed(List.of(new FieldError("$", unreadable(e))));
        }
    }

    public List<FieldError> validate(JsonNode node) {
        List<Error> found;
        try {
            found = schema.validate(node);
        } catch (RuntimeException e) {
            // The validator throws on an integral number beyond 64 bits checked against an integer minimum or
            // maximum ({"round": 1e30}); the promise here is field errors, never an exception.
            return List.of(new FieldError("$", unreadable(e)));
        }
        List<FieldError> errors = new ArrayList<>(found.size());
        for (Error e : found) {
            errors.add(new FieldError(fieldOf(e), e.getMessage()));
        }
        return errors;
    }

    private static String unreadable(RuntimeException e) {
        String message = "unreadable value: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    /** The field an error is about: the missing property for "required", else the instance location. */
    private static String fieldOf(Error e) {
        if (e.getProperty() != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
            return e.getProperty();
        }
        String path = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        // JSON pointer "/Age" or path "$.Age" -> "Age"; the root is "$"
        if (path.startsWith("$.")) {
            return path.substring(2);
        }
        if (path.startsWith("/") && path.length() > 1) {
            return path.substring(1);
        }
        return path.isEmpty() || "/".equals(path) ? "$" : path;
    }

    private static Schema load(String resource) {
        if (WireReader.class.getResource("/schemas/" + resource) == null) {
            throw new IllegalArgumentException("no JSON Schema at classpath:schemas/" + resource);
        }
        return REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID_PREFIX + resource));
    }
}

package io.hindsight.contracts.schema;

import java.util.List;

/** The outcome of reading an untrusted record: a value, or the errors that name what is wrong. */
public record Parsed<T>(T value, List<FieldError> errors) {

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, List.of());
    }

    public static <T> Parsed<T> failed(List<FieldError> errors) {
        return new Parsed<>(null, List.copyOf(errors));
    }

    public boolean isOk() {
        return errors.isEmpty();
    }

    /** One line for a DLQ header or a log line: "Age: must be >= 1; Sex: must be one of ...". */
    public String reason() {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.field()).append(": ").append(e.message());
        }
        return sb.toString();
    }
}

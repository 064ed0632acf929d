package io.hindsight.contracts.schema;

/** One reason a record was rejected, naming the field ("$" for the whole document). */
public record FieldError(String field, String message) {
}

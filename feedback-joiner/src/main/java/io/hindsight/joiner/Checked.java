package io.hindsight.joiner;

/** A raw input record after validation: the value read, or the original key and bytes and why they were refused. */
record Checked<T>(T value, byte[] originalKey, byte[] original, String reason) {

    static <T> Checked<T> valid(T value) {
        return new Checked<>(value, null, null, null);
    }

    /** The key and value the dead letter carries: the record's own, unless cut to fit. */
    static <T> Checked<T> invalid(byte[] originalKey, byte[] original, String reason) {
        return new Checked<>(null, originalKey, original, reason);
    }

    boolean isValid() {
        return value != null;
    }
}

package io.hindsight.contracts.model;

/** The value on {@code model-aliases}, keyed {@link #key(String, String, String)}: alias -> version. */
public record AliasAssignment(String task, String family, String alias, String version, long setAt, String reason) {

    public String key() {
        return key(task, family, alias);
    }

    public static String key(String task, String family, String alias) {
        return task + "/" + family + "/" + alias;
    }
}

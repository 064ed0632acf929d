package io.hindsight.app.bench;

import io.hindsight.contracts.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's output: a result table (markdown, so it pastes into docs/benchmarks.md) with notes under it,
 * and the same figures as JSON. Without --json the table goes to stdout; with --json the JSON goes to stdout
 * (or the file given) and the table to stderr, so the JSON can be piped.
 */
final class Report {
    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private String[] header = {"figure", "value"};

    Report(String benchmark, String title, String command) {
        this.title = title;
        json.put("benchmark", benchmark);
        json.put("at", Instant.now().toString());
        json.put("command", command);
    }

    Report header(String... columns) {
        header = columns;
        return this;
    }

    Report row(String... cells) {
        rows.add(cells);
        return this;
    }

    Report note(String line) {
        notes.add(line);
        return this;
    }

    Report notes(List<String> lines) {
        notes.addAll(lines);
        return this;
    }

    Report put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    void print(PrintStream table, boolean asJson, Path jsonFile) {
        PrintStream out = asJson && jsonFile == null ? System.err : table;
        out.println();
        out.println(title);
        out.println();
        out.println("| " + String.join(" | ", header) + " |");
        StringBuilder sep = new StringBuilder("|");
        for (int i = 0; i < header.length; i++) {
            sep.append(i == 0 ? "---|" : "---:|");
        }
        out.println(sep);
        for (String[] r : rows) {
            out.println("| " + String.join(" | ", r) + " |");
        }
        out.println();
        for (String n : notes) {
            out.println(n);
        }
        out.flush();
        if (asJson) {
            String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(finite(json));
            if (jsonFile == null) {
                System.out.println(text);
                System.out.flush();
            } else {
                try {
                    Files.writeString(jsonFile, text + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                table.println("JSON written to " + jsonFile);
            }
        }
    }

    /** JSON has no NaN: unknown figures become null. */
    @SuppressWarnings("unchecked")
    static Object finite(Object o) {
        if (o instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, finite(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(finite(v)));
            return out;
        }
        return o;
    }

    static String n0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%,.0f", v);
    }

    static String n1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%,.1f", v);
    }

    static String n2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%,.2f", v);
    }

    static void progress(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
        System.err.flush();
    }
}

package io.hindsight.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way Docker reads it, as far as the checks need: line continuations joined, comment lines
 * dropped, one instruction per logical line, stages split at FROM.
 */
record DockerfileModel(List<Stage> stages) {
    record Instruction(String keyword, String args) {
    }

    record Stage(String from, String name, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }

        String last(String keyword) {
            List<String> a = all(keyword);
            return a.isEmpty() ? null : a.get(a.size() - 1);
        }

        /** Every ENV of the stage, later ones winning; values unquoted. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
            for (String e : all("ENV")) {
                Matcher m = pair.matcher(e);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    String v = m.group(2);
                    env.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
                }
                if (!any) {
                    String[] kv = e.trim().split("\\s+", 2); // legacy form: ENV KEY value
                    env.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            return env;
        }

        /** ENTRYPOINT or CMD in exec (JSON array) form; fails for the shell form, which would not be PID 1. */
        List<String> execForm(String keyword) {
            String raw = last(keyword);
            if (raw == null) {
                return null;
            }
            try {
                return new ObjectMapper().readValue(raw, new TypeReference<List<String>>() {
                });
            } catch (JsonProcessingException e) {
                throw new AssertionError(keyword + " is not in exec form (a JSON array): " + raw, e);
            }
        }
    }

    static DockerfileModel parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue; // comments and blank lines, also inside a continued instruction (Docker drops them too)
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            if (!logical.toString().isBlank()) {
                lines.add(logical.toString().strip());
            }
            logical.setLength(0);
        }
        for (String l : lines) {
            String[] parts = l.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String args = parts.length > 1 ? parts[1].strip() : "";
            if (keyword.equals("FROM")) {
                String[] from = args.split("\\s+");
                String name = from.length >= 3 && from[from.length - 2].equalsIgnoreCase("AS") ? from[from.length - 1] : null;
                current = new ArrayList<>();
                stages.add(new Stage(from[0].startsWith("--") ? from[1] : from[0], name, current));
            } else if (current != null) {
                current.add(new Instruction(keyword, args));
            }
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /**
     * Whether a path of the build context survives .dockerignore: the last pattern that matches the path or one
     * of its parent directories decides, a leading ! re-includes (Docker's rule).
     */
    static boolean sentToBuild(String dockerignore, String path) {
        boolean included = true;
        for (String raw : dockerignore.split("\n")) {
            String p = raw.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            boolean negate = p.startsWith("!");
            Pattern glob = glob(negate ? p.substring(1).strip() : p);
            String prefix = "";
            for (String part : path.split("/")) {
                prefix = prefix.isEmpty() ? part : prefix + "/" + part;
                if (glob.matcher(prefix).matches()) {
                    included = negate;
                    break;
                }
            }
        }
        return included;
    }

    private static Pattern glob(String pattern) {
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}

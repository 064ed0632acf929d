package io.hindsight.simulator;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of the Kaggle Playground S5E5 CSV: {@code id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp[,Calories]}.
 * Columns are found by header name, in any order; extra columns are ignored. Fields may be wrapped in double
 * quotes (no embedded commas: the schema has none). A row without a Calories column has a NaN truth.
 */
public final class CaloriesCsv {
    static final List<String> REQUIRED = List.of("id", "Sex", "Age", "Height", "Weight", "Duration", "Heart_Rate", "Body_Temp");
    static final String TRUTH = "Calories";

    private CaloriesCsv() {
    }

    /**
     * Where each field sits in a row.
     *
     * @param index    column of each of {@link #REQUIRED}, in that order
     * @param calories column of Calories, or -1 when the file has none
     * @param columns  number of columns in the header
     */
    public record Header(int[] index, int calories, int columns) {
        public boolean hasCalories() {
            return calories >= 0;
        }
    }

    /** One parsed line: a row, or the reason it was refused. */
    public record Line(long lineNumber, CaloriesRow row, String error) {
        public boolean isOk() {
            return row != null;
        }
    }

    public static Header header(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("CSV is empty: expected a header " + String.join(",", REQUIRED) + "[," + TRUTH + "]");
        }
        List<String> names = split(stripBom(line));
        int[] index = new int[REQUIRED.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < REQUIRED.size(); i++) {
            index[i] = indexOf(names, REQUIRED.get(i));
            if (index[i] < 0) {
                missing.add(REQUIRED.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("CSV header lacks " + String.join(", ", missing)
                    + " (expected " + String.join(",", REQUIRED) + "[," + TRUTH + "], got: " + line.strip() + ")");
        }
        return new Header(index, indexOf(names, TRUTH), names.size());
    }

    public static Line parse(Header header, String text, long lineNumber) {
        List<String> f = split(text);
        if (f.size() != header.columns()) {
            return bad(lineNumber, "expected " + header.columns() + " fields, found " + f.size());
        }
        String id = f.get(header.index()[0]);
        if (id.isEmpty()) {
            return bad(lineNumber, "id is empty");
        }
        String sex = f.get(header.index()[1]).toLowerCase(Locale.ROOT);
        if (!sex.equals("male") && !sex.equals("female")) {
            return bad(lineNumber, "Sex must be male or female, found '" + f.get(header.index()[1]) + "'");
        }
        double[] v = new double[6];
        for (int i = 0; i < v.length; i++) {
            String name = REQUIRED.get(i + 2);
            String raw = f.get(header.index()[i + 2]);
            v[i] = number(raw);
            if (Double.isNaN(v[i])) {
                return bad(lineNumber, name + " is not a number: '" + raw + "'");
            }
        }
        double calories = Double.NaN;
        if (header.hasCalories()) {
            String raw = f.get(header.calories());
            calories = number(raw);
            if (Double.isNaN(calories) || calories < 0) {
                return bad(lineNumber, TRUTH + " is not a number >= 0: '" + raw + "'");
            }
        }
        CaloriesRecord r = new CaloriesRecord(id, sex, v[0], v[1], v[2], v[3], v[4], v[5]);
        return new Line(lineNumber, new CaloriesRow(r, calories), null);
    }

    private static Line bad(long lineNumber, String reason) {
        return new Line(lineNumber, null, reason);
    }

    /** A finite number, or NaN. */
    private static double number(String raw) {
        if (raw.isEmpty()) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(raw);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static List<String> split(String line) {
        String s = line;
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>(10);
        int start = 0;
        while (true) {
            int comma = s.indexOf(',', start);
            String field = comma < 0 ? s.substring(start) : s.substring(start, comma);
            out.add(unquote(field.strip()));
            if (comma < 0) {
                return out;
            }
            start = comma + 1;
        }
    }

    private static String unquote(String f) {
        if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
            return f.substring(1, f.length() - 1).replace("\"\"", "\"").strip();
        }
        return f;
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}

package io.hindsight.simulator;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where simulated records come from: calories rows from the generator or a CSV file, held-out digits
 * ({@link DigitsSource}). Implementations are thread-safe.
 *
 * @param <R> one record
 */
public interface RecordSource<R> extends AutoCloseable {

    /** The next record, or null when the source is exhausted. A calories row's calories is NaN when the source has no truth. */
    R next();

    /** Whether records carry the ground truth (measured calories, a digit's label), which feedback needs. */
    boolean hasTruth();

    String describe();

    @Override
    default void close() {
    }

    /** Keytel-equation records from the shared generator: endless, reproducible from the seed. */
    static RecordSource<CaloriesRow> generator(long seed) {
        return new Generated(seed);
    }

    /**
     * Rows of a Kaggle PS S5E5 CSV file, read as a stream. Bad rows are skipped and reported to {@code warn}.
     *
     * @param loop start again at the top at the end of the file instead of ending the run
     */
    static RecordSource<CaloriesRow> csv(Path path, boolean loop, Consumer<String> warn) throws IOException {
        return new CsvFile(path, loop, warn);
    }

    final class Generated implements RecordSource<CaloriesRow> {
        private final long seed;
        private final CaloriesGenerator generator;

        Generated(long seed) {
            this.seed = seed;
            this.generator = new CaloriesGenerator(seed);
        }

        @Override
        public synchronized CaloriesRow next() {
            return generator.next();
        }

        @Override
        public boolean hasTruth() {
            return true;
        }

        @Override
        public String describe() {
            return "generator (Keytel 2005, seed " + seed + ")";
        }
    }

    final class CsvFile implements RecordSource<CaloriesRow> {
        private static final int WARN_LIMIT = 5;
        private final Path path;
        private final boolean loop;
        private final Consumer<String> warn;
        private final CaloriesCsv.Header header;
        private BufferedReader reader;
        private long lineNumber;
        private long goodThisPass;
        private long badRows;
        private boolean exhausted;

        CsvFile(Path path, boolean loop, Consumer<String> warn) throws IOException {
            this.path = path;
            this.loop = loop;
            this.warn = warn;
            this.reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            try {
                this.header = CaloriesCsv.header(reader.readLine());
            } catch (IllegalArgumentException e) {
                reader.close();
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
            this.lineNumber = 1;
        }

        @Override
        public synchronized CaloriesRow next() {
            try {
                while (!exhausted) {
                    String line = reader.readLine();
                    if (line == null) {
                        rewindOrEnd();
                        continue;
                    }
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    CaloriesCsv.Line parsed = CaloriesCsv.parse(header, line, lineNumber);
                    if (parsed.isOk()) {
                        goodThisPass++;
                        return parsed.row();
                    }
                    if (++badRows <= WARN_LIMIT) {
                        warn.accept(path + ":" + lineNumber + ": skipped: " + parsed.error()
                                + (badRows == WARN_LIMIT ? " (further bad rows are counted, not shown)" : ""));
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void rewindOrEnd() throws IOException {
            reader.close();
            if (!loop || goodThisPass == 0) {
                exhausted = true;
                if (goodThisPass == 0 && lineNumber <= 1) {
                    warn.accept(path + ": no rows after the header");
                }
                return;
            }
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            reader.readLine();
            lineNumber = 1;
            goodThisPass = 0;
        }

        /** Rows skipped as malformed so far. */
        public synchronized long badRows() {
            return badRows;
        }

        @Override
        public boolean hasTruth() {
            return header.hasCalories();
        }

        @Override
        public String describe() {
            return "csv " + path + (loop ? " (looping)" : "");
        }

        @Override
        public synchronized void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // closing a file we only read
            }
        }
    }
}

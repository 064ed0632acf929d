package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaloriesCsvTest {
    private static final String KAGGLE_HEADER = "id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp,Calories";

    @TempDir
    Path dir;

    @Test
    void parsesAKaggleTrainRow() {
        CaloriesCsv.Header h = CaloriesCsv.header(KAGGLE_HEADER);
        assertThat(h.hasCalories()).isTrue();
        CaloriesCsv.Line line = CaloriesCsv.parse(h, "0,male,36,189.0,82.0,26.0,101.0,41.0,150.0", 2);
        assertThat(line.isOk()).isTrue();
        assertThat(line.row()).isEqualTo(new CaloriesRow(
                new CaloriesRecord("0", "male", 36, 189.0, 82.0, 26.0, 101.0, 41.0), 150.0));
    }

    @Test
    void findsColumnsByNameInAnyOrderWithQuotesBomAndCrlf() {
        CaloriesCsv.Header h = CaloriesCsv.header("\uFEFFSex,\"id\",Body_Temp,Heart_Rate,Duration,Weight,Height,Age,Extra\r");
        assertThat(h.hasCalories()).isFalse();
        CaloriesCsv.Line line = CaloriesCsv.parse(h, "\"Female\",750000,40.5,95,14,60.5,165,45,whatever\r", 2);
        assertThat(line.isOk()).as(line.error()).isTrue();
        assertThat(line.row().record()).isEqualTo(new CaloriesRecord("750000", "female", 45, 165, 60.5, 14, 95, 40.5));
        assertThat(line.row().calories()).isNaN();
    }

    @Test
    void namesWhatIsWrongWithABadRow() {
        CaloriesCsv.Header h = CaloriesCsv.header(KAGGLE_HEADER);
        assertThat(CaloriesCsv.parse(h, "1,male,36,189.0,82.0,26.0,101.0,41.0", 7).error())
                .isEqualTo("expected 9 fields, found 8");
        assertThat(CaloriesCsv.parse(h, "1,other,36,189.0,82.0,26.0,101.0,41.0,150", 7).error())
                .contains("Sex must be male or female");
        assertThat(CaloriesCsv.parse(h, "1,male,abc,189.0,82.0,26.0,101.0,41.0,150", 7).error())
                .isEqualTo("Age is not a number: 'abc'");
        assertThat(CaloriesCsv.parse(h, "1,male,36,,82.0,26.0,101.0,41.0,150", 7).error())
                .isEqualTo("Height is not a number: ''");
        assertThat(CaloriesCsv.parse(h, "1,male,36,189,82.0,26.0,NaN,41.0,150", 7).error())
                .startsWith("Heart_Rate is not a number");
        assertThat(CaloriesCsv.parse(h, "1,male,36,189,82.0,26.0,101,41.0,-3", 7).error())
                .startsWith("Calories is not a number >= 0");
        assertThat(CaloriesCsv.parse(h, ",male,36,189,82.0,26.0,101,41.0,3", 7).error()).isEqualTo("id is empty");
        assertThat(CaloriesCsv.parse(h, "1,male,36,189,82.0,26.0,101,41.0,3", 7).lineNumber()).isEqualTo(7);
    }

    @Test
    void refusesAHeaderThatLacksColumns() {
        assertThatThrownBy(() -> CaloriesCsv.header("id,Sex,Age,Height,Weight,Duration"))
                .hasMessageContaining("lacks Heart_Rate, Body_Temp");
        assertThatThrownBy(() -> CaloriesCsv.header("")).hasMessageContaining("empty");
    }

    @Test
    void aCsvSourceSkipsAndReportsBadRowsAndEndsAtTheEndOfTheFile() throws IOException {
        Path file = write(KAGGLE_HEADER,
                "0,male,36,189.0,82.0,26.0,101.0,41.0,150.0",
                "1,female,64,163.0,60.0,8.0,85.0,39.7,34.0",
                "2,male,oops,1,1,1,1,1,1",
                "",
                "3,female,51,161.0,64.0,7.0,84.0,39.8,29.0");
        List<String> warnings = new ArrayList<>();
        try (RecordSource<CaloriesRow> source = RecordSource.csv(file, false, warnings::add)) {
            assertThat(source.hasTruth()).isTrue();
            assertThat(drain(source, 10)).extracting(r -> r.record().id()).containsExactly("0", "1", "3");
            assertThat(source.next()).isNull();
        }
        assertThat(warnings).containsExactly(file + ":4: skipped: Age is not a number: 'oops'");
    }

    @Test
    void aLoopingCsvSourceStartsAgain() throws IOException {
        Path file = write(KAGGLE_HEADER, "0,male,36,189.0,82.0,26.0,101.0,41.0,150.0", "1,female,64,163.0,60.0,8.0,85.0,39.7,34.0");
        try (RecordSource<CaloriesRow> source = RecordSource.csv(file, true, w -> { })) {
            assertThat(drain(source, 5)).extracting(r -> r.record().id()).containsExactly("0", "1", "0", "1", "0");
        }
    }

    @Test
    void aLoopingCsvSourceWithNoGoodRowEnds() throws IOException {
        Path file = write(KAGGLE_HEADER, "0,male,x,1,1,1,1,1,1");
        try (RecordSource<CaloriesRow> source = RecordSource.csv(file, true, w -> { })) {
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void aCsvWithoutCaloriesHasNoTruth() throws IOException {
        Path file = write("id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp", "750000,female,45,177,81,7,87,39.8");
        try (RecordSource<CaloriesRow> source = RecordSource.csv(file, false, w -> { })) {
            assertThat(source.hasTruth()).isFalse();
            assertThat(source.next().calories()).isNaN();
        }
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("train.csv");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static List<CaloriesRow> drain(RecordSource<CaloriesRow> source, int max) {
        List<CaloriesRow> rows = new ArrayList<>();
        CaloriesRow r;
        while (rows.size() < max && (r = source.next()) != null) {
            rows.add(r);
        }
        return rows;
    }
}

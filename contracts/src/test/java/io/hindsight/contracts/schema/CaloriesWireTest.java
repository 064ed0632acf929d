package io.hindsight.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaloriesWireTest {
    private static final String GOOD =
            "{\"id\":1,\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,\"Heart_Rate\":100,\"Body_Temp\":40.1}";

    private static Parsed<CaloriesRecord> read(String json) {
        return CaloriesWire.REQUEST.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSeedRecordAndKeepsANumericIdAsText() {
        Parsed<CaloriesRecord> p = read(GOOD);
        assertThat(p.isOk()).isTrue();
        assertThat(p.value()).isEqualTo(new CaloriesRecord("1", "male", 30, 180, 80, 20, 100, 40.1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Age\":30|\"Age\":-5|Age",
        "\"Sex\":\"male\"|\"Sex\":\"x\"|Sex",
        "\"Duration\":20|\"Duration\":1000000000|Duration",
        "\"Weight\":80|\"Weight\":\"heavy\"|Weight",
        "\"Body_Temp\":40.1|\"Body_Temp\":null|Body_Temp",
        "\"Heart_Rate\":100,|''|Heart_Rate",
        "\"id\":1|\"id\":\"\"|id",
        "\"id\":1|\"id\":{\"a\":1}|id"})
    void namesTheFieldThatIsWrong(String from, String to, String field) {
        Parsed<CaloriesRecord> p = read(GOOD.replace(from, to));
        assertThat(p.isOk()).as(p.reason()).isFalse();
        assertThat(p.errors()).extracting(FieldError::field).contains(field);
        assertThat(p.reason()).contains(field);
    }

    @Test
    void malformedJsonAndEmptyBodiesAreErrorsNotExceptions() {
        assertThat(read("{\"id\":1,").errors()).extracting(FieldError::field).containsExactly("$");
        assertThat(read("").errors().get(0).message()).contains("empty");
        assertThat(read("[1,2]").isOk()).isFalse();
        assertThat(read("\"just a string\"").isOk()).isFalse();
    }

    @Test
    void feedbackAcceptsTheSeedShapeWithOptionalTs() {
        Parsed<CaloriesFeedback> p = CaloriesWire.FEEDBACK.read("{\"id\":7,\"Calories\":150.0,\"ts\":1700000000.5}".getBytes());
        assertThat(p.isOk()).isTrue();
        assertThat(p.value().eventTimeMs(0)).isEqualTo(1_700_000_000_500L);
        Parsed<CaloriesFeedback> noTs = CaloriesWire.FEEDBACK.read("{\"id\":\"a\",\"Calories\":3}".getBytes());
        assertThat(noTs.value().eventTimeMs(42)).isEqualTo(42);
        assertThat(CaloriesWire.FEEDBACK.read("{\"id\":7,\"Calories\":-1}".getBytes()).errors())
                .extracting(FieldError::field).contains("Calories");
    }

    @Test
    void aNumberBeyond64BitsIsAFieldErrorNotAnException() {
        // the schema validator throws on an integral 1e30 checked against an integer bound; the reader must not
        Parsed<io.hindsight.contracts.rps.RpsCommand> p = io.hindsight.contracts.rps.RpsWire.COMMAND.read(
                "{\"gameId\":\"g\",\"type\":\"move\",\"round\":1e30,\"move\":\"rock\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).isNotBlank();
        Parsed<CaloriesRecord> c = read(GOOD.replace("\"Age\":30", "\"Age\":1e400"));
        assertThat(c.isOk()).isFalse();
    }
}

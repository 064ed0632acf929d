package io.hindsight.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsThePatternAnywhereAndOnlyWhole() {
        assertThat(ByteSearch.contains(b("{\"served\":true,\"x\":1}"), b("\"served\":true"))).isTrue();
        assertThat(ByteSearch.contains(b("{\"x\":1,\"served\":true}"), b("\"served\":true"))).isTrue();
        assertThat(ByteSearch.contains(b("{\"served\":false}"), b("\"served\":true"))).isFalse();
        assertThat(ByteSearch.contains(b("\"served\":tru"), b("\"served\":true"))).isFalse();
        assertThat(ByteSearch.contains(null, b("x"))).isFalse();
    }
}

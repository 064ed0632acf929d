package io.hindsight.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void acceptsWellFormedTextAndFindsTheFirstBadByte() {
        assertThat(Utf8.firstInvalid("{\"id\":\"\u00e9\u4e2d\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[] {'{', '"', (byte) 0xFF, 'i', 'd'})).isEqualTo(2);
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC3})).isEqualTo(1); // cut short
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC0, (byte) 0xAF})).isZero(); // overlong '/'
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isZero(); // a surrogate
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isZero(); // past U+10FFFF
        byte[] longText = "\u00e9".repeat(10_000).getBytes(StandardCharsets.UTF_8); // past the decoder's buffer
        assertThat(Utf8.firstInvalid(longText)).isEqualTo(-1);
        longText[15_000] = (byte) 0xFF; // a lead byte
        assertThat(Utf8.firstInvalid(longText)).isEqualTo(15_000);
    }

    @Test
    void theWireReaderRefusesBytesThatAreNotUtf8() {
        var p = io.hindsight.contracts.calories.CaloriesWire.REQUEST.read(("{\"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).contains("UTF-8");
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(12)];
            r.nextBytes(b);
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8.firstInvalid(b) < 0).as("%s", java.util.Arrays.toString(b)).isEqualTo(jdk);
        }
    }
}

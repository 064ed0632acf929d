package io.hindsight.contracts.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are well-formed UTF-8 (the JDK's strict decoder: no overlong forms, no surrogates, nothing past
 * U+10FFFF). JSON on the wire must be UTF-8, and the JSON parser does not check every byte: an invalid byte
 * inside a property name is dropped silently, so {@code {"\xFFid": ...}} would read as {@code {"id": ...}}.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The offset of the first byte that is not part of well-formed UTF-8, or -1 if all are. */
    public static int firstInvalid(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 4096) + 2);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (!r.isOverflow()) {
                return -1;
            }
            out.clear(); // only validity matters, not the text
        }
    }
}

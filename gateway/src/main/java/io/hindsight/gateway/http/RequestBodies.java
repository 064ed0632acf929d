package io.hindsight.gateway.http;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a request body into bytes within a size limit: JSON bodies, or raw bytes (model uploads). */
public final class RequestBodies {
    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;
    private final MediaType expected;
    private final boolean untypedAccepted;

    /** JSON bodies up to maxBytes; a body without a content type is taken as JSON. */
    public RequestBodies(int maxBytes) {
        this(maxBytes, MediaType.APPLICATION_JSON, true);
    }

    private RequestBodies(int maxBytes, MediaType expected, boolean untypedAccepted) {
        this.maxBytes = maxBytes;
        this.expected = expected;
        this.untypedAccepted = untypedAccepted;
    }

    /** Raw bytes declared as application/octet-stream, up to maxBytes; no content type is refused. */
    public static RequestBodies octets(int maxBytes) {
        return new RequestBodies(maxBytes, MediaType.APPLICATION_OCTET_STREAM, false);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * The whole JSON body; {@link HttpRejection} 413 when Content-Length or the bytes read exceed the limit (reading
     * stops there), 415 when the request declares a content type other than JSON. No content type is taken as JSON.
     */
    public Mono<byte[]> json(ServerRequest request) {
        return read(request);
    }

    /** The whole body, after checking its declared type and length; the same rejections as {@link #json}. */
    public Mono<byte[]> read(ServerRequest request) {
        MediaType type;
        try {
            type = request.headers().contentType().orElse(null);
        } catch (InvalidMediaTypeException e) {
            return Mono.error(HttpRejection.unsupportedMediaType(expected.toString(),
                    "an unparseable Content-Type"));
        }
        if (type == null ? !untypedAccepted : !accepts(type)) {
            return Mono.error(HttpRejection.unsupportedMediaType(expected.toString(),
                    type == null ? "no Content-Type" : type.toString()));
        }
        if (request.headers().contentLength().orElse(0) > maxBytes) {
            return Mono.error(HttpRejection.tooLarge(maxBytes)); // nothing read: the declared length says it all
        }
        // join stops reading (cancels the body) as soon as the bytes pass the limit: at most maxBytes are held
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(RequestBodies::drain)
                .onErrorMap(DataBufferLimitException.class, e -> HttpRejection.tooLarge(maxBytes))
                .defaultIfEmpty(EMPTY);
    }

    private boolean accepts(MediaType type) {
        return expected.equals(MediaType.APPLICATION_JSON) ? isJson(type) : expected.isCompatibleWith(type);
    }

    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || (type.getSubtype() != null && type.getSubtype().endsWith("+json"));
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}

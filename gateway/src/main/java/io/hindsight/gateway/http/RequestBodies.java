package io.hindsight.gateway.http;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a JSON request body into bytes within a size limit. */
public final class RequestBodies {
    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;

    public RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The whole body; {@link HttpRejection} 413 when Content-Length or the bytes read exceed the limit (reading
     * stops there), 415 when the request declares a content type other than JSON. No content type is taken as JSON.
     */
    public Mono<byte[]> json(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && !isJson(type)) {
            return Mono.error(HttpRejection.unsupportedMediaType(type.toString()));
        }
        if (request.headers().contentLength().orElse(0) > maxBytes) {
            return Mono.error(HttpRejection.tooLarge(maxBytes));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(RequestBodies::drain)
                .onErrorMap(DataBufferLimitException.class, e -> HttpRejection.tooLarge(maxBytes))
                .defaultIfEmpty(EMPTY);
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

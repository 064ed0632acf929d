package io.hindsight.gateway.http;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Responses from bytes the caller already encoded: no codec lookup, one buffer, an explicit Content-Length. */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static Mono<ServerResponse> json(HttpStatusCode status, byte[] body) {
        return bytes(status, MediaType.APPLICATION_JSON, body);
    }

    public static Mono<ServerResponse> text(HttpStatusCode status, MediaType type, String body) {
        return bytes(status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Mono<ServerResponse> bytes(HttpStatusCode status, MediaType type, byte[] body) {
        return ServerResponse.status(status)
                .contentType(type)
                .contentLength(body.length)
                .body(inserter(body));
    }

    public static BodyInserter<byte[], org.springframework.http.ReactiveHttpOutputMessage> inserter(byte[] body) {
        return (message, context) -> {
            DataBuffer buffer = message.bufferFactory().wrap(body);
            return message.writeWith(Mono.just(buffer));
        };
    }
}

package io.hindsight.simulator;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Posts one JSON body and returns the status and body. Blocking; safe to call from many threads at once. */
public interface HttpTransport extends AutoCloseable {

    Response post(String path, byte[] json) throws IOException;

    @Override
    void close();

    record Response(int status, byte[] body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** Which HTTP client sends the requests. */
    enum Kind {
        /** Blocking sockets, one persistent HTTP/1.1 connection per concurrent sender; the lightest. */
        SOCKET,
        /** java.net.http.HttpClient, HTTP/1.1 with keep-alive; also does https. */
        JDK
    }

    static HttpTransport create(Kind kind, URI base, Duration timeout) {
        if (kind == Kind.SOCKET && "http".equalsIgnoreCase(base.getScheme())) {
            return new SocketHttpTransport(base, timeout);
        }
        return new JdkHttpTransport(base, timeout);
    }
}

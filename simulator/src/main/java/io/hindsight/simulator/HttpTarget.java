package io.hindsight.simulator;

import io.hindsight.contracts.Task;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/** Posts records and feedback to an HTTP server, one record per request. */
public final class HttpTarget implements Target {
    private final HttpTransport transport;
    private final String predictPath;
    private final String feedbackPath;
    private final String origin;

    public HttpTarget(HttpTransport transport, URI base, Routes routes, Task task) {
        this.transport = transport;
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.predictPath = prefix + routes.predict(task);
        this.feedbackPath = prefix + routes.feedback(task);
        this.origin = base.getScheme() + "://" + base.getRawAuthority();
    }

    @Override
    public Outcome predict(String key, byte[] json) {
        return post(predictPath, json);
    }

    @Override
    public Outcome feedback(String key, byte[] json) {
        return post(feedbackPath, json);
    }

    private Outcome post(String path, byte[] json) {
        try {
            HttpTransport.Response r = transport.post(path, json);
            return r.isSuccess() ? Outcome.ok(r.body()) : Outcome.failed("http " + r.status());
        } catch (IOException e) {
            return Outcome.failed(kindOf(e));
        }
    }

    /** A short, countable name for an I/O failure. */
    static String kindOf(IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return e instanceof HttpConnectTimeoutException ? "connect timeout" : "connect refused";
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return "unreachable";
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted";
        }
        // java.net.http wraps a refused connection in a plain IOException with the cause inside
        if (e.getCause() instanceof ConnectException) {
            return "connect refused";
        }
        return "io " + e.getClass().getSimpleName();
    }

    @Override
    public String describe() {
        return origin + " (POST " + predictPath + ", " + feedbackPath + ")";
    }

    @Override
    public void close() {
        transport.close();
    }
}

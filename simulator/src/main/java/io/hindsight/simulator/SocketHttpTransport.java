package io.hindsight.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A minimal HTTP/1.1 client for plain http: blocking sockets with TCP_NODELAY, one request in flight per
 * connection, idle connections kept alive in a pool. It does what a load generator needs (POST a small body,
 * read status and body, Content-Length or chunked) with far less per-request work than java.net.http, whose
 * blocking send runs on its asynchronous machinery: on a 2-core machine the client's CPU is taken from the
 * server under test. A request that fails on a reused connection before any response byte arrived (the
 * server closed an idle keep-alive connection) is retried once on a new connection.
 */
final class SocketHttpTransport implements HttpTransport {
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    SocketHttpTransport(URI base, Duration timeout) {
        int port = base.getPort() < 0 ? 80 : base.getPort();
        this.address = new InetSocketAddress(base.getHost(), port);
        this.hostHeader = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + port;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    @Override
    public Response post(String path, byte[] json) throws IOException {
        if (closed) {
            throw new IOException("client closed");
        }
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: hindsight-simulator\r\nContent-Type: application/json\r\nAccept: application/json"
                + "\r\nContent-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Connection c = idle.pollFirst();
        if (c != null) {
            try {
                return exchange(c, head, json);
            } catch (StaleConnectionException e) {
                c.close();
            }
        }
        c = new Connection(address, timeoutMillis);
        try {
            return exchange(c, head, json);
        } catch (StaleConnectionException e) {
            c.close();
            throw new EOFException("server closed the connection without answering");
        }
    }

    private Response exchange(Connection c, byte[] head, byte[] json) throws IOException {
        try {
            try {
                c.out.write(head);
                c.out.write(json);
                c.out.flush();
            } catch (SocketException e) {
                throw new StaleConnectionException(e.getMessage());
            }
            Exchange ex = c.readResponse();
            if (ex.keepAlive && !closed) {
                idle.offerFirst(c);
            } else {
                c.close();
            }
            return ex.response;
        } catch (StaleConnectionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    /** Nothing of a response was read: the server had closed the connection. Safe to retry on a new one. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private record Exchange(Response response, boolean keepAlive) {
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] line = new byte[MAX_LINE];

        Connection(InetSocketAddress address, int timeoutMillis) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(address, timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
                out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        Exchange readResponse() throws IOException {
            String status;
            try {
                status = readLine(true);
            } catch (SocketException e) {
                throw new StaleConnectionException(e.getMessage());
            }
            if (status == null) {
                throw new StaleConnectionException("connection closed before the status line");
            }
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + status);
            }
            int code = parseStatus(status);
            boolean keepAlive = status.startsWith("HTTP/1.1");
            long contentLength = -1;
            boolean chunked = false;
            String h;
            while (!(h = readLine(false)).isEmpty()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) {
                            keepAlive = false;
                        } else if (v.contains("keep-alive")) {
                            keepAlive = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            byte[] body;
            if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked();
            } else if (contentLength >= 0) {
                if (contentLength > MAX_BODY) {
                    throw new IOException("response body too large: " + contentLength + " bytes");
                }
                body = in.readNBytes((int) contentLength);
                if (body.length != contentLength) {
                    throw new EOFException("response body cut short");
                }
            } else {
                body = in.readNBytes(MAX_BODY);
                keepAlive = false;
            }
            return new Exchange(new Response(code, body), keepAlive);
        }

        private byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            while (true) {
                String sizeLine = readLine(false);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!readLine(false).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY) {
                    throw new IOException("response body too large");
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new EOFException("chunk cut short");
                }
                body.write(chunk);
                readLine(false);
            }
        }

        /** One CRLF- (or LF-) terminated ASCII line; null at end of stream only when {@code eofOk}. */
        private String readLine(boolean eofOk) throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (eofOk && n == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed mid-response");
                }
                if (b == '\n') {
                    if (n > 0 && line[n - 1] == '\r') {
                        n--;
                    }
                    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
                if (n == line.length) {
                    throw new IOException("response line longer than " + MAX_LINE + " bytes");
                }
                line[n++] = (byte) b;
            }
        }

        private static int parseStatus(String status) throws IOException {
            try {
                return Integer.parseInt(status.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + status);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do about a failed close
            }
        }
    }
}

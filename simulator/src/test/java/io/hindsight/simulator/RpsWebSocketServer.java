package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsGameView;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's WebSocket {@code /v1/rps/live} on a free loopback port, playing real games with a
 * {@link RpsReferee}. The JDK's HTTP server cannot upgrade a connection, so this speaks just enough RFC 6455
 * over a plain socket: the handshake, text frames both ways, ping and close. Like the gateway it pushes
 * every state the game goes through, the unsettled awaiting-bot ones too, which the client must skip.
 */
final class RpsWebSocketServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final RpsReferee referee;
    private final ServerSocket socket;
    private final CopyOnWriteArrayList<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RpsWebSocketServer(RpsReferee referee) throws IOException {
        this.referee = referee;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "test-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL the simulator is given; it appends /v1/rps/live and switches to ws://. */
    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "test-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            // two state frames per move: without TCP_NODELAY the second waits for the client's delayed ACK
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            if (!handshake(in, out)) {
                return;
            }
            String gameId = null;
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int opcode = b0 & 0x0F;
                byte[] payload = readPayload(in);
                if (opcode == 8) {
                    writeFrame(out, 0x88, new byte[0]);
                    return;
                }
                if (opcode == 9) {
                    writeFrame(out, 0x8A, payload);
                    continue;
                }
                if (opcode != 1) {
                    continue;
                }
                JsonNode m = Json.tree(payload);
                RpsReferee.Answer a;
                if ("start".equals(m.path("type").asString(""))) {
                    a = referee.start(m.path("easy").asBoolean(false),
                            m.path("family").isString() ? m.get("family").asString() : null);
                    if (a.reason() == null) {
                        gameId = a.view().gameId();
                    }
                } else if ("move".equals(m.path("type").asString("")) && gameId != null) {
                    a = referee.move(gameId, m.path("round").asInt(0), m.path("move").asString(""));
                } else {
                    a = RpsReferee.Answer.error(409, "start a game first");
                }
                if (a.reason() != null) {
                    ObjectNode e = Json.MAPPER.createObjectNode();
                    e.put("type", "error");
                    e.put("status", a.status());
                    e.put("reason", a.reason());
                    writeFrame(out, 0x81, Json.write(e));
                    continue;
                }
                for (RpsGameView v : a.views()) {
                    ObjectNode state = Json.MAPPER.createObjectNode();
                    state.put("type", "state");
                    state.set("game", Json.MAPPER.valueToTree(v));
                    writeFrame(out, 0x81, Json.write(state));
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static boolean handshake(DataInputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        String key = null;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null || !requestLine.startsWith("GET /v1/rps/live ")) {
            out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return false;
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    private static byte[] readPayload(DataInputStream in) throws IOException {
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) len);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return payload;
    }

    private static void writeFrame(OutputStream out, int b0, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
        f.write(b0);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65_536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        f.write(payload);
        out.write(f.toByteArray());
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}

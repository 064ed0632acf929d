package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGameView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Plays over the gateway's HTTP API: POST /v1/rps/games, then POST /v1/rps/games/{id}/moves per round, each
 * answered once the round resolved. Stateless, so every session shares one transport.
 */
final class HttpRpsClient implements RpsClient {
    private final HttpTransport transport;
    private final String gamesPath;
    private final String origin;

    HttpRpsClient(HttpTransport transport, URI base) {
        this.transport = transport;
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.gamesPath = prefix + "/v1/rps/games";
        this.origin = base.getScheme() + "://" + base.getRawAuthority();
    }

    @Override
    public Session open() {
        return new Session() {
            @Override
            public RpsGameView start(boolean easy, String family) throws RpsCallException {
                return post(gamesPath, RpsMessages.httpStart(easy, family));
            }

            @Override
            public RpsGameView move(RpsGameView shown, Move move) throws RpsCallException {
                String path = gamesPath + "/" + URLEncoder.encode(shown.gameId(), StandardCharsets.UTF_8) + "/moves";
                return post(path, RpsMessages.httpMove(shown.round(), move));
            }
        };
    }

    private RpsGameView post(String path, byte[] body) throws RpsCallException {
        HttpTransport.Response r;
        try {
            r = transport.post(path, body);
        } catch (IOException e) {
            throw new RpsCallException(HttpTarget.kindOf(e), e.getMessage());
        }
        if (!r.isSuccess()) {
            throw new RpsCallException("http " + r.status(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return RpsMessages.view(r.body());
    }

    @Override
    public String describe() {
        return origin + " (POST " + gamesPath + ", " + gamesPath + "/{id}/moves)";
    }

    @Override
    public void close() {
        transport.close();
    }
}

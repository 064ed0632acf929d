package io.hindsight.rps;

import io.hindsight.contracts.rps.RpsRequest;

/** An rps request id, "gameId:round" ({@link RpsRequest#idOf}), taken apart. */
record RequestId(String gameId, int round) {

    /** Null when {@code id} is not "gameId:round" with a positive round. */
    static RequestId parse(String id) {
        if (id == null) {
            return null;
        }
        int colon = id.lastIndexOf(':');
        if (colon <= 0 || colon == id.length() - 1) {
            return null;
        }
        try {
            int round = Integer.parseInt(id.substring(colon + 1));
            return round < 1 ? null : new RequestId(id.substring(0, colon), round);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

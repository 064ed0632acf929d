package io.hindsight.app;

import io.hindsight.gateway.GatewayConfig;

/**
 * The gateway's guards against a client that sends too much: body sizes (413) and a per-client rate (429).
 *
 * @param maxBodyBytes  a JSON body's limit (digits predict takes more: canvas bitmaps)
 * @param maxModelBytes an uploaded model's limit
 * @param rateLimit     the per-client token bucket
 */
public record HttpLimits(int maxBodyBytes, int maxModelBytes, GatewayConfig.RateLimit rateLimit) {
    public HttpLimits {
        rateLimit = rateLimit == null ? GatewayConfig.RateLimit.defaults() : rateLimit;
    }

    public static HttpLimits defaults() {
        return new HttpLimits(GatewayConfig.DEFAULT_MAX_BODY_BYTES, GatewayConfig.DEFAULT_MAX_MODEL_BYTES, GatewayConfig.RateLimit.defaults());
    }

    GatewayConfig applyTo(GatewayConfig config) {
        return config.withMaxBodyBytes(maxBodyBytes).withMaxModelBytes(maxModelBytes).withRateLimit(rateLimit);
    }
}

package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void defaults() {
        GatewayConfig c = GatewayConfig.defaults("k:9092");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.gatewayRoutesEnabled()).isTrue();
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(c.version()).isEqualTo("dev");
    }

    @Test
    void nullsTakeTheDefaultsAndWithersChangeOneField() {
        GatewayConfig c = new GatewayConfig("k:9092", 0, false, null, 10, null);
        assertThat(c.requestTimeout()).isEqualTo(GatewayConfig.DEFAULT_REQUEST_TIMEOUT);
        assertThat(c.version()).isEqualTo("dev");
        GatewayConfig d = c.withHttpPort(9000).withGatewayRoutes(true).withRequestTimeout(Duration.ofSeconds(2))
                .withMaxBodyBytes(100).withVersion("1.0");
        assertThat(d).isEqualTo(new GatewayConfig("k:9092", 9000, true, Duration.ofSeconds(2), 100, "1.0"));
    }

    @Test
    void badValuesFailAtConstructionNamingTheSetting() {
        assertThatThrownBy(() -> GatewayConfig.defaults(" ")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> GatewayConfig.defaults("k").withHttpPort(70000)).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> GatewayConfig.defaults("k").withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> GatewayConfig.defaults("k").withMaxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
    }

    @Test
    void modelSizeAndRateLimitHaveSaneDefaultsAndSurviveTheWithers() {
        GatewayConfig c = GatewayConfig.defaults("k:9092");
        assertThat(c.maxModelBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(c.rateLimit()).isEqualTo(new GatewayConfig.RateLimit(1000, 2000, false, List.of()));
        assertThat(c.smallBodyBytes()).isEqualTo(4096);
        GatewayConfig.RateLimit tight = new GatewayConfig.RateLimit(5, 10, true, List.of("10.0.0.0/8"));
        GatewayConfig d = c.withMaxModelBytes(1024).withRateLimit(tight).withHttpPort(1).withMaxBodyBytes(100)
                .withAdminToken("0123456789abcdef").withVersion("v").withRequestTimeout(Duration.ofSeconds(1))
                .withGatewayRoutes(false);
        assertThat(d.maxModelBytes()).isEqualTo(1024);
        assertThat(d.rateLimit()).isEqualTo(tight);
        assertThat(d.smallBodyBytes()).isEqualTo(100);
        assertThat(c.withRateLimit(null).rateLimit()).as("null: the default").isEqualTo(GatewayConfig.RateLimit.defaults());
        assertThat(d.toString()).contains("maxModelBytes=1024", "perSecond=5.0").doesNotContain("0123456789abcdef");
        assertThatThrownBy(() -> c.withMaxModelBytes(0)).hasMessageContaining("maxModelBytes");
        assertThatThrownBy(() -> c.withMaxModelBytes(GatewayConfig.MAX_MODEL_BYTES_LIMIT + 1))
                .hasMessageContaining("maxModelBytes").hasMessageContaining("64 MiB");
    }

    @Test
    void theAdminTokenIsOptionalLongEnoughWhenSetAndNeverPrinted() {
        assertThat(GatewayConfig.defaults("k").adminRoutesEnabled()).isFalse();
        assertThat(GatewayConfig.defaults("k").withAdminToken("  ").adminToken()).isNull();
        GatewayConfig c = GatewayConfig.defaults("k").withAdminToken(" 0123456789abcdef ");
        assertThat(c.adminToken()).isEqualTo("0123456789abcdef");
        assertThat(c.adminRoutesEnabled()).isTrue();
        assertThat(c.withHttpPort(1).withVersion("x").adminToken()).as("withers keep it").isEqualTo("0123456789abcdef");
        assertThat(c.toString()).doesNotContain("0123456789abcdef").contains("adminToken=(set)");
        assertThatThrownBy(() -> GatewayConfig.defaults("k").withAdminToken("short")).hasMessageContaining("admin token");
    }
}

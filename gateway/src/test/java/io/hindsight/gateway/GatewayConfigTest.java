package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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

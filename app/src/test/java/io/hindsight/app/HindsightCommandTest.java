package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.gateway.GatewayConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HindsightCommandTest {
    private static Settings parse(String... args) {
        HindsightCommand command = new HindsightCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args); // as Main does
        return command.settings();
    }

    @Test
    void theGatewayLimitsDefaultToTheGatewaysOwn() {
        HttpLimits limits = parse().httpLimits();
        assertThat(limits.maxBodyBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(limits.maxModelBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_MODEL_BYTES);
        assertThat(limits.rateLimit()).isEqualTo(GatewayConfig.RateLimit.defaults());
    }

    @Test
    void theGatewayLimitsAreOptionsAndReachTheGatewayConfig() {
        Settings s = parse("--max-body-bytes", "8192", "--max-model-bytes", "1048576", "--rate-limit", "50",
                "--rate-limit-burst", "10", "--rate-limit-loopback", "on", "--trusted-proxies", "10.0.0.0/8,192.168.1.1");
        GatewayConfig config = s.httpLimits().applyTo(GatewayConfig.defaults("localhost:9092"));
        assertThat(config.maxBodyBytes()).isEqualTo(8192);
        assertThat(config.maxModelBytes()).isEqualTo(1_048_576);
        assertThat(config.rateLimit()).isEqualTo(new GatewayConfig.RateLimit(50, 10, true, List.of("10.0.0.0/8", "192.168.1.1")));
        assertThat(parse("--rate-limit", "0").httpLimits().rateLimit().enabled()).isFalse();
    }

    @Test
    void aBadProxyOrRateIsRefusedAtStart() {
        assertThatThrownBy(() -> parse("--trusted-proxies", "not-an-address")).hasMessageContaining("not-an-address");
        assertThatThrownBy(() -> parse("--rate-limit", "-1")).hasMessageContaining("rate limit");
    }

    @Test
    void theOldRetrainOptionNameStillWorks() {
        assertThat(parse("--retrain-every-rounds", "77").retrainPolicy().everyRecords()).isEqualTo(77);
        assertThat(parse("--retrain-every-records", "88").retrainPolicy().everyRecords()).isEqualTo(88);
    }

    @Test
    void joinerThreadsDefaultToOneAndAreBounded() {
        assertThat(parse().joinerThreads()).isEqualTo(1);
        assertThat(parse("--joiner-threads", "3").joinerThreads()).isEqualTo(3);
        assertThatThrownBy(() -> parse("--joiner-threads", "0")).hasMessageContaining("--joiner-threads");
    }
}

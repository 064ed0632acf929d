package io.hindsight.gateway;

import io.hindsight.gateway.http.HttpMetrics;
import io.hindsight.gateway.kafka.GatewayKafka;
import io.hindsight.gateway.ops.OpsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The HTTP face of a Hindsight process: a Spring Boot reactive web context on Netty, started
 * programmatically with only the Netty server auto-configuration; the HTTP handler is built here and
 * registered as a bean. The ops routes are always served; the calories, digits and rps routes, their live
 * sockets and pages, the promotion ledger and the model upload when {@link GatewayConfig#gatewayRoutesEnabled()} (see {@link GatewayHttp}).
 */
public final class GatewayServer implements AutoCloseable {

    /** The one auto-configuration the gateway needs: Netty, bound to server.* properties. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NettyReactiveWebServerAutoConfiguration.class)
    static class Web {
    }

    private final ConfigurableApplicationContext context;
    private final GatewayKafka kafka;
    private final GatewayHttp http;
    private final int port;

    private GatewayServer(ConfigurableApplicationContext context, GatewayKafka kafka, GatewayHttp http, int port) {
        this.context = context;
        this.kafka = kafka;
        this.http = http;
        this.port = port;
    }

    /**
     * Connects to Kafka in the background (the process may start before the broker or its topics: /readyz
     * tells) and serves HTTP on {@link GatewayConfig#httpPort()} before returning.
     *
     * @param registry  the process's registry: /metrics scrapes it, the gateway's meters go on it
     * @param readiness the readiness of every role running in this process, shown by /readyz and /info
     */
    public static GatewayServer start(GatewayConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
        GatewayKafka kafka = GatewayKafka.start(config);
        GatewayHttp http = null;
        try {
            HttpMetrics metrics = new HttpMetrics(registry);
            metrics.pendingReplies(kafka::pendingReplies);
            OpsHandler ops = new OpsHandler(config, registry, readiness, kafka, kafka.registry());
            GatewayHttp.Backends backends = new GatewayHttp.Backends(kafka.caloriesBus(), kafka.digitsBus(),
                    kafka.digitsAccuracy(), kafka.modelWriter(), kafka.rollingHistory(), kafka.registry(), kafka.rps(),
                    kafka.promotions(), kafka.driftHistory());
            http = GatewayHttp.create(config, metrics, registry, ops, backends);
            ConfigurableApplicationContext context = boot(config, http.handler());
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            return new GatewayServer(context, kafka, http, port);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            kafka.close();
            throw e;
        }
    }

    private static ConfigurableApplicationContext boot(GatewayConfig config, HttpHandler http) {
        // As command-line arguments, so that no environment variable (SERVER_PORT) overrides the config.
        String[] args = {
            "--server.port=" + config.httpPort(),
            // Not application.properties: the process around the gateway may have its own.
            "--spring.config.name=hindsight-gateway",
            "--spring.main.register-shutdown-hook=false",
            // In-flight predictions finish before the server stops; they wait at most the request timeout.
            "--server.shutdown=graceful",
            "--spring.lifecycle.timeout-per-shutdown-phase=" + config.requestTimeout().plusSeconds(1).toMillis() + "ms",
        };
        SpringApplication app = new SpringApplicationBuilder(Web.class)
                .web(WebApplicationType.REACTIVE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .initializers((ApplicationContextInitializer<GenericApplicationContext>) ctx ->
                        ctx.registerBean("httpHandler", HttpHandler.class, () -> http))
                .build();
        // The process owns logging: the gateway must not re-initialise it.
        app.setListeners(app.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        return app.run(args);
    }

    /** The HTTP port, the one chosen when the config asked for 0. */
    public int port() {
        return port;
    }

    /** Closes the live sockets, stops HTTP (letting in-flight requests finish), then the Kafka clients. */
    @Override
    public void close() {
        try {
            http.close();
            context.close();
        } finally {
            kafka.close();
        }
    }
}

package io.hindsight.gateway.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import reactor.core.publisher.Mono;

/**
 * Whether the broker answers and every catalog topic exists, asked with an Admin client and cached for
 * {@code maxAge}, so neither /readyz nor the predict path asks Kafka more than about once per maxAge. A stale
 * value is refreshed in the background; nothing here blocks the caller.
 */
public final class BrokerChecks implements AutoCloseable {

    /** One answer; {@code known} is false before the first check completed. */
    public record Status(boolean kafka, boolean topics, boolean known, long checkedAtNanos) {
        static final Status UNKNOWN = new Status(false, false, false, 0);
    }

    private static final int CALL_TIMEOUT_MS = 1000;

    private final Admin admin;
    private final Set<String> requiredTopics;
    private final long maxAgeNanos;
    private final AtomicReference<CompletableFuture<Status>> refreshing = new AtomicReference<>();
    private volatile Status last = Status.UNKNOWN;

    public BrokerChecks(String bootstrapServers, Collection<String> requiredTopics, Duration maxAge, String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(CALL_TIMEOUT_MS * 2));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(CALL_TIMEOUT_MS));
        this.admin = Admin.create(p);
        this.requiredTopics = Set.copyOf(requiredTopics);
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** A status at most maxAge old, waiting for a refresh when the cached one is older. */
    public Mono<Status> current() {
        Status s = last;
        if (fresh(s)) {
            return Mono.just(s);
        }
        return Mono.fromFuture(refresh(), true);
    }

    /** The last status without waiting (refreshing it in the background when stale). */
    public Status cached() {
        Status s = last;
        if (!fresh(s)) {
            refresh();
        }
        return s;
    }

    /** True only when the last check found the broker not answering: the predict path fails fast then. */
    public boolean knownDown() {
        Status s = cached();
        return s.known() && !s.kafka();
    }

    private boolean fresh(Status s) {
        return s.known() && System.nanoTime() - s.checkedAtNanos() < maxAgeNanos;
    }

    private CompletableFuture<Status> refresh() {
        while (true) {
            CompletableFuture<Status> running = refreshing.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Status> mine = new CompletableFuture<>();
            if (refreshing.compareAndSet(null, mine)) {
                ask(mine);
                return mine;
            }
        }
    }

    private void ask(CompletableFuture<Status> result) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(CALL_TIMEOUT_MS)).clusterId()
                    .whenComplete((id, e) -> {
                        if (e != null) {
                            finish(result, false, false);
                            return;
                        }
                        admin.listTopics(new ListTopicsOptions().timeoutMs(CALL_TIMEOUT_MS)).names()
                                .whenComplete((names, e2) -> finish(result, true, e2 == null && names.containsAll(requiredTopics)));
                    });
        } catch (RuntimeException e) {
            finish(result, false, false); // admin closed
        }
    }

    private void finish(CompletableFuture<Status> result, boolean kafka, boolean topics) {
        Status s = new Status(kafka, topics, true, System.nanoTime());
        last = s;
        refreshing.compareAndSet(result, null);
        result.complete(s);
    }

    public List<String> requiredTopics() {
        return requiredTopics.stream().sorted().toList();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

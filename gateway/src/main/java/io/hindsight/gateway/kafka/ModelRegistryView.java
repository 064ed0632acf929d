package io.hindsight.gateway.kafka;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.models.ModelRegistry;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model registry as the gateway sees it: {@code model-aliases} and {@code models}, each kept by a
 * {@link CompactedTopicView}. Started once the topics exist, since a view reads the partitions it finds at start.
 */
public final class ModelRegistryView implements ModelCatalog, ModelRegistry, AutoCloseable {
    private final String bootstrapServers;
    private final String clientIdPrefix;
    private volatile CompactedTopicView<String, AliasAssignment> aliases;
    private volatile CompactedTopicView<String, ModelVersion> models;
    /** Tasks that have a Production alias, recomputed when an alias moves: every predict call asks. */
    private volatile Set<String> tasksWithProduction = Set.of();
    private boolean closed;

    public ModelRegistryView(String bootstrapServers, String clientIdPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.clientIdPrefix = clientIdPrefix;
    }

    /** Starts reading both topics; they must exist. Idempotent. */
    public synchronized void start() {
        if (closed || aliases != null) {
            return;
        }
        models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, clientIdPrefix + "-models").start();
        CompactedTopicView<String, AliasAssignment> a =
                new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, clientIdPrefix + "-aliases");
        a.onChange((key, value) -> tasksWithProduction = a.snapshot().values().stream()
                .filter(x -> Aliases.PRODUCTION.equals(x.alias())).map(AliasAssignment::task)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        aliases = a.start();
    }

    /** True once the aliases have been read to their end and no family of the task has a Production alias. */
    public boolean knownWithoutProduction(Task task) {
        CompactedTopicView<String, AliasAssignment> view = aliases;
        return view != null && view.isCaughtUp() && !hasProduction(task);
    }

    /** True when some family of the task has a {@link Aliases#PRODUCTION} alias. */
    public boolean hasProduction(Task task) {
        return tasksWithProduction.contains(task.id());
    }

    @Override
    public List<ModelInfo> models() {
        CompactedTopicView<String, AliasAssignment> aliasView = aliases;
        CompactedTopicView<String, ModelVersion> modelView = models;
        if (aliasView == null || modelView == null) {
            return List.of();
        }
        List<ModelInfo> out = new ArrayList<>();
        for (Map.Entry<String, AliasAssignment> e : aliasView.snapshot().entrySet()) {
            AliasAssignment a = e.getValue();
            out.add(ModelInfo.of(a, a.version() == null ? null : modelView.get(a.version())));
        }
        out.sort(Comparator.comparing(ModelInfo::task, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ModelInfo::family, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(m -> Aliases.ALL.indexOf(m.alias())));
        return out;
    }

    @Override
    public Map<String, ModelVersion> versions() {
        CompactedTopicView<String, ModelVersion> view = models;
        return view == null ? Map.of() : view.snapshot();
    }

    @Override
    public Map<String, AliasAssignment> aliases() {
        CompactedTopicView<String, AliasAssignment> view = aliases;
        return view == null ? Map.of() : view.snapshot();
    }

    @Override
    public ModelVersion version(String version) {
        CompactedTopicView<String, ModelVersion> view = models;
        return view == null || version == null ? null : view.get(version);
    }

    @Override
    public boolean isCaughtUp() {
        CompactedTopicView<String, ModelVersion> m = models;
        CompactedTopicView<String, AliasAssignment> a = aliases;
        return m != null && a != null && m.isCaughtUp() && a.isCaughtUp();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (aliases != null) {
            aliases.close();
        }
        if (models != null) {
            models.close();
        }
    }
}

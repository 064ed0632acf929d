package io.hindsight.promotion;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-version evidence folded from {@code <task>.scored}, in memory: rebuilt on start by re-reading the
 * topics from the beginning, so nothing else has to be stored. Keyed by task/family/alias/version, so a
 * promotion never lets a version's record under one alias speak for it under another. Not thread-safe: the
 * role folds and reads it from its one evaluation thread.
 *
 * <p>Regression pairs: Production and B outputs of the same request meet here (the joiner writes a request's
 * outputs together), and their squared log errors go to the pair of (family, version) that held Production and
 * B. Pairing is by task and request id, whatever the families: a task-wide task (calories, digits) serves
 * Production of one family and may hold its B in another, and both still predicted the same request. A
 * request's outputs wait in a bounded map until both halves met, oldest request dropped first; an output
 * repeating one already held for the same family and alias replaces it and is not paired again.
 */
final class EvidenceStore {
    /**
     * Requests waiting for their other half. The joiner writes a request's outputs together, so a pair completes
     * within a few records; the bound only matters while a task has no B (every Production output waits).
     */
    static final int MAX_UNPAIRED = 20_000;

    private record VersionKey(String task, String family, String alias, String version) {
    }

    private record PairKey(String task, String productionFamily, String bFamily, String productionVersion, String bVersion) {
    }

    private record Half(String family, String alias, String version, double sle) {
    }

    private final Map<VersionKey, AliasStats> byVersion = new HashMap<>();
    private final Map<PairKey, PairedStats> pairs = new HashMap<>();
    private final Map<String, List<Half>> unpaired = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Half>> eldest) {
            return size() > MAX_UNPAIRED;
        }
    };
    /** One instance per family/alias/version name: millions of halves otherwise each hold their own copies. */
    private final Map<String, String> names = new HashMap<>();
    private long records;

    void add(ScoredRecord s) {
        if (s == null || s.task() == null || s.family() == null || s.alias() == null || s.version() == null) {
            return;
        }
        records++;
        VersionKey k = new VersionKey(s.task(), s.family(), s.alias(), s.version());
        AliasStats a = byVersion.getOrDefault(k, AliasStats.none(s.alias(), s.version()));
        boolean classified = s.correct() != null;
        boolean regression = s.squaredLogError() != null && Double.isFinite(s.squaredLogError());
        byVersion.put(k, new AliasStats(s.alias(), s.version(),
                a.scored() + 1,
                a.correct() + (classified && s.correct() ? 1 : 0),
                a.games() + (s.gameWon() != null ? 1 : 0),
                a.gamesWon() + (Boolean.TRUE.equals(s.gameWon()) ? 1 : 0),
                a.sleCount() + (regression ? 1 : 0),
                a.sleSum() + (regression ? s.squaredLogError() : 0.0)));
        if (regression && (Aliases.PRODUCTION.equals(s.alias()) || Aliases.B.equals(s.alias()))) {
            pair(s);
        }
    }

    private void pair(ScoredRecord s) {
        String request = s.task() + "/" + s.requestId();
        List<Half> halves = unpaired.computeIfAbsent(request, r -> new ArrayList<>(2));
        Half mine = new Half(name(s.family()), name(s.alias()), name(s.version()), s.squaredLogError());
        for (int i = 0; i < halves.size(); i++) {
            Half h = halves.get(i);
            if (h.family().equals(mine.family()) && h.alias().equals(mine.alias())) {
                halves.set(i, mine); // a repeat of an output already held: replaces it, no second pair
                return;
            }
        }
        boolean mineIsProduction = Aliases.PRODUCTION.equals(mine.alias());
        for (Half other : halves) {
            if (other.alias().equals(mine.alias())) {
                continue;
            }
            Half production = mineIsProduction ? mine : other;
            Half b = mineIsProduction ? other : mine;
            PairKey k = new PairKey(s.task(), production.family(), b.family(), production.version(), b.version());
            pairs.put(k, pairs.getOrDefault(k, PairedStats.none(production.version(), b.version()))
                    .plus(production.sle(), b.sle()));
        }
        halves.add(mine);
        boolean production = false;
        boolean b = false;
        for (Half h : halves) {
            production |= Aliases.PRODUCTION.equals(h.alias());
            b |= Aliases.B.equals(h.alias());
        }
        if (production && b) {
            unpaired.remove(request); // paired: outputs are scored exactly once, so nothing more comes for it
        }
    }

    private String name(String value) {
        return names.computeIfAbsent(value, v -> v);
    }

    /** What {@code version} showed while it held {@code alias}; zeros when nothing yet. */
    AliasStats stats(String task, String family, String alias, String version) {
        return byVersion.getOrDefault(new VersionKey(task, family, alias, version), AliasStats.none(alias, version));
    }

    /** Requests both versions of one family predicted while one held Production and the other B. */
    PairedStats paired(String task, String family, String productionVersion, String bVersion) {
        return paired(task, family, productionVersion, family, bVersion);
    }

    /**
     * Requests both predicted while {@code productionVersion} held Production in {@code productionFamily} and
     * {@code bVersion} held B in {@code bFamily} (the families may differ: task-wide tasks).
     */
    PairedStats paired(String task, String productionFamily, String productionVersion, String bFamily, String bVersion) {
        return pairs.getOrDefault(new PairKey(task, productionFamily, bFamily, productionVersion, bVersion),
                PairedStats.none(productionVersion, bVersion));
    }

    /** Scored records folded so far. */
    long records() {
        return records;
    }
}

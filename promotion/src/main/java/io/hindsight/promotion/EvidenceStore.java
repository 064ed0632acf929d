package io.hindsight.promotion;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-version evidence folded from {@code <task>.scored}, in memory: rebuilt on start by re-reading the
 * topics from the beginning, so nothing else has to be stored. Keyed by task/family/alias/version, so a
 * promotion never lets a version's record under one alias speak for it under another. Not thread-safe: the
 * role folds and reads it from its one evaluation thread.
 *
 * <p>Regression pairs: Production and B outputs of the same request meet here (the joiner writes a request's
 * outputs together), and their squared log errors go to the pair of versions that held Production and B.
 * A request whose other side never comes waits in a bounded map, oldest dropped first.
 */
final class EvidenceStore {
    static final int MAX_UNPAIRED = 100_000;

    private record VersionKey(String task, String family, String alias, String version) {
    }

    private record PairKey(String task, String family, String productionVersion, String bVersion) {
    }

    private record Half(String family, String alias, String version, double sle) {
    }

    private final Map<VersionKey, AliasStats> byVersion = new HashMap<>();
    private final Map<PairKey, PairedStats> pairs = new HashMap<>();
    private final Map<String, Half> unpaired = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Half> eldest) {
            return size() > MAX_UNPAIRED;
        }
    };
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
        String request = s.task() + "/" + s.family() + "/" + s.requestId();
        Half other = unpaired.get(request);
        if (other == null || other.alias().equals(s.alias())) {
            unpaired.put(request, new Half(s.family(), s.alias(), s.version(), s.squaredLogError()));
            return;
        }
        unpaired.remove(request);
        boolean thisIsProduction = Aliases.PRODUCTION.equals(s.alias());
        String productionVersion = thisIsProduction ? s.version() : other.version();
        String bVersion = thisIsProduction ? other.version() : s.version();
        double productionSle = thisIsProduction ? s.squaredLogError() : other.sle();
        double bSle = thisIsProduction ? other.sle() : s.squaredLogError();
        PairKey k = new PairKey(s.task(), s.family(), productionVersion, bVersion);
        pairs.put(k, pairs.getOrDefault(k, PairedStats.none(productionVersion, bVersion)).plus(productionSle, bSle));
    }

    /** What {@code version} showed while it held {@code alias}; zeros when nothing yet. */
    AliasStats stats(String task, String family, String alias, String version) {
        return byVersion.getOrDefault(new VersionKey(task, family, alias, version), AliasStats.none(alias, version));
    }

    /** Requests both versions predicted while one held Production and the other B. */
    PairedStats paired(String task, String family, String productionVersion, String bVersion) {
        return pairs.getOrDefault(new PairKey(task, family, productionVersion, bVersion),
                PairedStats.none(productionVersion, bVersion));
    }

    /** Scored records folded so far. */
    long records() {
        return records;
    }
}

package io.hindsight.trainer.digits;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine the way Hindsight needs it: offline (libtorch and its JNI come from the two native
 * jars on the classpath; any download attempt fails at once instead of reaching the network), one inter-op
 * thread, and an optional cache folder. DJL extracts ~430 MB of libtorch into its cache on first use
 * (default {@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}); later starts reuse it.
 * <p>
 * These are JVM-wide settings read once when the engine loads: the first caller's cache folder wins.
 */
public final class DjlEngine {
    public static final String ENGINE = "PyTorch";
    /**
     * One DJL training at a time per JVM: the engine's random seed and gradient collector are global, so two
     * trainings at once (the rps retrainer while the digits CNN trains) fail or lose determinism.
     */
    public static final java.util.concurrent.locks.ReentrantLock TRAINING = new java.util.concurrent.locks.ReentrantLock();
    private static final Logger log = LoggerFactory.getLogger(DjlEngine.class);
    private static Path loadedWithCacheDir;
    private static boolean loaded;

    private DjlEngine() {
    }

    /**
     * @param cacheDir where DJL keeps the extracted libtorch (e.g. {@code <data-dir>/djl}); null for DJL's own
     *                 rule (env/system property {@code DJL_CACHE_DIR}, else {@code ~/.djl.ai})
     */
    public static synchronized Engine pytorch(Path cacheDir) {
        if (!loaded) {
            System.setProperty("ai.djl.offline", "true");
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            if (cacheDir != null) {
                if (System.getenv("DJL_CACHE_DIR") != null) {
                    log.warn("DJL_CACHE_DIR={} is set in the environment and wins over {}", System.getenv("DJL_CACHE_DIR"), cacheDir);
                } else {
                    System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
                }
            }
            long t0 = System.nanoTime();
            Engine engine = Engine.getEngine(ENGINE);
            loaded = true;
            loadedWithCacheDir = cacheDir;
            log.info("DJL {} with PyTorch {} loaded in {} ms (cache {})", Engine.getDjlVersion(), engine.getVersion(),
                    (System.nanoTime() - t0) / 1_000_000, ai.djl.util.Utils.getEngineCacheDir());
            return engine;
        }
        if (cacheDir != null && !cacheDir.equals(loadedWithCacheDir)) {
            log.warn("DJL is already loaded (cache {}); the cache folder {} is ignored", ai.djl.util.Utils.getEngineCacheDir(), cacheDir);
        }
        return Engine.getEngine(ENGINE);
    }
}

package io.hindsight.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and build time, filtered into the jar by Maven. */
public record BuildInfo(String version, String built) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/hindsight-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // build info is informative only
        }
        return new BuildInfo(p.getProperty("version", "dev"), p.getProperty("built", "unknown"));
    }

    @Override
    public String toString() {
        return version + " (built " + built + ")";
    }
}

package io.hindsight.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's files, found from the {@code hindsight.repo} property (set by the pom) or the working dir. */
final class Repo {
    static final Path ROOT = locate();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative).normalize();
    }

    static boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Files under a directory of the repository whose name ends with one of the suffixes, sorted. */
    static List<Path> files(String dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(path(dir))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static Path locate() {
        String prop = System.getProperty("hindsight.repo");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("contracts")) && Files.exists(p.resolve("app")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }
}

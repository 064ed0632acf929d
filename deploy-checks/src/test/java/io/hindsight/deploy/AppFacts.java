package io.hindsight.deploy;

import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.http.GatewayRoutes;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the app itself says, read from its classes rather than typed again here (app/target/classes, put on the
 * test classpath by the pom; loaded by name because the compiler does not see it): the environment variables it
 * reads (picocli {@code ${env:HINDSIGHT_...}} defaults of every command, option by option, and logback.xml),
 * their defaults, the role names, the health paths, and a parser for command lines the manifests pass.
 */
final class AppFacts {
    private static final Class<?> COMMAND = appClass("io.hindsight.app.HindsightCommand");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{(?:env:)?(HINDSIGHT_[A-Z0-9_]+)(?::-([^}]*))?}");

    /** Environment variable name to its default in the app (null when it has none), every command included. */
    static final Map<String, String> ENV = Collections.unmodifiableMap(collectEnv());

    /** gateway, predictor, feedback-joiner, trainer: the single roles (not "all"), from the app's RoleName enum. */
    static final List<String> ROLES = roles();

    static final String HEALTHZ = GatewayRoutes.HEALTHZ;
    static final String READYZ = GatewayRoutes.READYZ;
    static final String METRICS = GatewayRoutes.METRICS;

    private AppFacts() {
    }

    /** The HTTP port a process listens on when HINDSIGHT_HTTP_PORT is not set. */
    static int defaultHttpPort() {
        return Integer.parseInt(ENV.get("HINDSIGHT_HTTP_PORT"));
    }

    /** The predictor loops per instance when HINDSIGHT_PREDICTOR_WORKERS is not set. */
    static int defaultPredictorWorkers() {
        return Integer.parseInt(ENV.get("HINDSIGHT_PREDICTOR_WORKERS"));
    }

    /** Parses a command line exactly as {@code java -jar hindsight.jar ARGS} would, without running it. */
    static CommandLine.ParseResult parse(List<String> args) {
        Object command;
        try {
            command = COMMAND.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
    }

    private static Class<?> appClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the test classpath: build the app first (mvn -pl app -am package)", e);
        }
    }

    private static List<String> roles() {
        try {
            Class<?> roleName = appClass("io.hindsight.app.RoleName");
            var id = roleName.getMethod("id");
            List<String> out = new ArrayList<>();
            for (Object r : roleName.getEnumConstants()) {
                out.add((String) id.invoke(r));
            }
            return List.copyOf(out);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> collectEnv() {
        Map<String, String> env = new TreeMap<>();
        for (Class<?> command : commands(COMMAND, new LinkedHashSet<>())) {
            for (Field f : optionFields(command, new ArrayList<>())) {
                Matcher m = ENV_REF.matcher(f.getAnnotation(Option.class).defaultValue());
                while (m.find()) {
                    env.putIfAbsent(m.group(1), m.group(2));
                }
            }
        }
        Matcher m = ENV_REF.matcher(Repo.read(appClasses().resolve("logback.xml")));
        while (m.find()) {
            env.putIfAbsent(m.group(1), m.group(2));
        }
        env.putIfAbsent(GatewayConfig.ADMIN_TOKEN_ENV, null);
        if (!env.containsKey("HINDSIGHT_HTTP_PORT") || !env.containsKey("HINDSIGHT_ROLES")) {
            throw new IllegalStateException("the app's options no longer read HINDSIGHT_HTTP_PORT/HINDSIGHT_ROLES: " + env);
        }
        return env;
    }

    private static Set<Class<?>> commands(Class<?> command, Set<Class<?>> seen) {
        if (seen.add(command)) {
            Command c = command.getAnnotation(Command.class);
            if (c != null) {
                for (Class<?> sub : c.subcommands()) {
                    commands(sub, seen);
                }
            }
        }
        return seen;
    }

    private static List<Field> optionFields(Class<?> type, List<Field> out) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Option.class)) {
                    out.add(f);
                } else if (f.isAnnotationPresent(Mixin.class) || f.isAnnotationPresent(ArgGroup.class)) {
                    optionFields(f.getType(), out);
                }
            }
        }
        return out;
    }

    /** app/target/classes, where HindsightCommand was loaded from (the app jar itself is a Boot fat jar). */
    static Path appClasses() {
        try {
            return Path.of(COMMAND.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

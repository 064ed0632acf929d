package io.hindsight.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that take enum options in lower case, whatever the host command's settings. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    static final class SourceConverter implements ITypeConverter<SimulateCaloriesCommand.Source> {
        @Override
        public SimulateCaloriesCommand.Source convert(String value) {
            return parse(SimulateCaloriesCommand.Source.class, value);
        }
    }

    static final class TargetConverter implements ITypeConverter<SimulationOptions.TargetKind> {
        @Override
        public SimulationOptions.TargetKind convert(String value) {
            return parse(SimulationOptions.TargetKind.class, value);
        }
    }

    static final class IdStyleConverter implements ITypeConverter<SimulationOptions.IdStyle> {
        @Override
        public SimulationOptions.IdStyle convert(String value) {
            return parse(SimulationOptions.IdStyle.class, value);
        }
    }

    static final class DigitsInputConverter implements ITypeConverter<DigitsWorkload.Input> {
        @Override
        public DigitsWorkload.Input convert(String value) {
            return parse(DigitsWorkload.Input.class, value);
        }
    }

    static final class RoutesConverter implements ITypeConverter<Routes> {
        @Override
        public Routes convert(String value) {
            return parse(Routes.class, value);
        }
    }

    static final class ClientConverter implements ITypeConverter<HttpTransport.Kind> {
        @Override
        public HttpTransport.Kind convert(String value) {
            return parse(HttpTransport.Kind.class, value);
        }
    }

    static final class ViaConverter implements ITypeConverter<SimulateRpsCommand.Via> {
        @Override
        public SimulateRpsCommand.Via convert(String value) {
            return parse(SimulateRpsCommand.Via.class, value);
        }
    }

    static final class ProgressConverter implements ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            return parse(Progress.Mode.class, value);
        }
    }
}

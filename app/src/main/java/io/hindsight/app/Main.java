package io.hindsight.app;

import picocli.CommandLine;

/** {@code java -jar hindsight.jar [command] [options]}: with no command, runs every role. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new HindsightCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}

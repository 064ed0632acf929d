package io.hindsight.simulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code simulate <task> ...} in-process, as the CLI would, with stdout and stderr kept for assertions. */
final class SimulateCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final List<String> leading;

    /** @param leading arguments that go first, e.g. the task */
    SimulateCli(String... leading) {
        this.leading = List.of(leading);
    }

    int run(String... args) {
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(leading);
        all.addAll(Arrays.asList(args));
        return cl.execute(all.toArray(String[]::new));
    }
}

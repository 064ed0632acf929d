package io.hindsight.simulator;

import io.hindsight.contracts.calories.CaloriesRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight simulate calories}: streams exercise records one per request, in bursts, and sends each
 * answered record's measured calories after a delay; or, with {@code --concurrency}, drives a closed-loop load
 * and reports throughput and latency percentiles. Exit code 0 when at least one record was answered.
 */
@Command(name = "calories", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Streams calorie records to Hindsight (or the seed-004 service), one per",
            "request, and each answered record's measured calories after a delay.",
            "",
            "Stream mode (default): --rate records/s for --burst, then --idle, repeated.",
            "Load mode (--concurrency N): N workers each send the next record as soon",
            "as the previous one was answered, with no feedback; prints req/s and",
            "p50/p95/p99/max latency.",
            "Either stops after --count records or --duration, or on Ctrl-C.",
            ""},
        footer = {"", "Durations: 250ms, 30s, 5m, 1h30m, 1.5s or ISO-8601 (PT5M).",
            "Exit codes: 0 something was answered, 1 nothing was answered, 2 bad options."})
public final class SimulateCaloriesCommand implements Callable<Integer> {

    /** Where records come from. */
    public enum Source { GENERATOR, CSV }

    @Spec
    CommandSpec spec;

    @Option(names = "--source", converter = Enums.SourceConverter.class, paramLabel = "generator|csv",
            description = "Records from the Keytel-2005 generator or a CSV file (default: generator, or csv when --csv is given).")
    Source source;

    @Option(names = "--csv", paramLabel = "PATH",
            description = "Kaggle PS S5E5 CSV: id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp[,Calories]. Feedback needs Calories.")
    Path csv;

    @Option(names = "--loop", description = "With --csv: start again at the top at the end of the file (default: stop there).")
    boolean loop;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--routes", defaultValue = "v1", converter = Enums.RoutesConverter.class, paramLabel = "v1|seed",
            description = "v1: POST /v1/calories/predict and /v1/calories/feedback; seed: the seed-004 /predict and /feedback (default: ${DEFAULT-VALUE}).")
    Routes routes;

    @Mixin
    SimulationOptions options;

    @Override
    public Integer call() throws Exception {
        validate();
        try (RecordSource<CaloriesRow> records = openSource(spec.commandLine().getErr())) {
            if (options.sendsFeedback() && !records.hasTruth()) {
                throw new ParameterException(spec.commandLine(), csv
                        + " has no Calories column, which feedback needs: add it, or pass --feedback-share 0");
            }
            return new Simulation<>(options, records, new CaloriesWorkload(), routes).run();
        }
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (source == null) {
            source = csv != null ? Source.CSV : Source.GENERATOR;
        }
        if (source == Source.CSV && csv == null) {
            throw new ParameterException(cl, "--source csv needs --csv PATH");
        }
        if (source == Source.GENERATOR && csv != null) {
            throw new ParameterException(cl, "--csv is for --source csv");
        }
        options.validate(options.targetKind == SimulationOptions.TargetKind.HTTP && routes == Routes.SEED);
    }

    private RecordSource<CaloriesRow> openSource(PrintWriter err) throws IOException {
        if (source == Source.GENERATOR) {
            return RecordSource.generator(seed);
        }
        try {
            return RecordSource.csv(csv, loop, msg -> {
                err.println(msg);
                err.flush();
            });
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + csv);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

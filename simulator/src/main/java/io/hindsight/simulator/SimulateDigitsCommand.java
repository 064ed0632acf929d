package io.hindsight.simulator;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight simulate digits}: replays the held-out MNIST digits (bundled in the contracts jar) in a
 * seeded order, one per request, and sends each answered digit's label after a delay, a share of them wrong;
 * or drives a closed-loop load. The summary adds the served accuracy seen in the HTTP answers and the number
 * of wrong labels sent. Exit code 0 when at least one digit was answered.
 */
@Command(name = "digits", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Replays the 10,000 held-out MNIST digits to Hindsight in a seeded order, one",
            "per request, and each answered digit's label after a delay (a person",
            "confirming or correcting the guess); --wrong-label-share of the labels are",
            "wrong, as when people mis-click. Prints the served accuracy: how many HTTP",
            "answers named the true digit.",
            "",
            "Stream mode (default): --rate digits/s for --burst, then --idle, repeated.",
            "Load mode (--concurrency N): N workers each send the next digit as soon",
            "as the previous one was answered, with no feedback; prints req/s and",
            "p50/p95/p99/max latency.",
            "Either stops after --count digits or --duration, at the end of the",
            "hold-out set (unless --loop), or on Ctrl-C.",
            ""},
        footer = {"", "Durations: 250ms, 30s, 5m, 1h30m, 1.5s or ISO-8601 (PT5M).",
            "Exit codes: 0 something was answered, 1 nothing was answered, 2 bad options."})
public final class SimulateDigitsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--as", defaultValue = "pixels", converter = Enums.DigitsInputConverter.class, paramLabel = "pixels|bitmap",
            description = "pixels: the 784 MNIST values, used as is; bitmap: a 56x56 canvas with the digit upscaled"
                    + " and shifted at random, which the server must preprocess (default: ${DEFAULT-VALUE}).")
    DigitsWorkload.Input input;

    @Option(names = "--wrong-label-share", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of the labels sent as feedback that are a random wrong digit, 0..1 (default: ${DEFAULT-VALUE}).")
    double wrongLabelShare;

    @Option(names = "--loop", description = "At the end of the hold-out set, start another pass in a new order (default: stop there).")
    boolean loop;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
            description = "Seed of the order, the wrong labels and the shifts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SimulationOptions options;

    @Override
    public Integer call() throws Exception {
        if (!(wrongLabelShare >= 0 && wrongLabelShare <= 1)) {
            throw new ParameterException(spec.commandLine(), "--wrong-label-share must be between 0 and 1");
        }
        options.validate(false);
        try (DigitsSource digits = DigitsSource.holdout(seed, loop, wrongLabelShare)) {
            return new Simulation<>(options, digits, new DigitsWorkload(digits.digits(), input), Routes.V1).run();
        }
    }
}

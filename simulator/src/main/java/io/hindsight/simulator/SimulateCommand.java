package io.hindsight.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hindsight simulate <task>}: traffic generators for the live workloads. With no task picocli reports
 * the missing subcommand and shows the usage.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send simulated records (and their ground truth, later) to Hindsight or a compatible service.",
        subcommands = {SimulateCaloriesCommand.class, SimulateDigitsCommand.class, SimulateRpsCommand.class})
public final class SimulateCommand {

    /** Runs the simulator on its own: {@code java -cp ... io.hindsight.simulator.SimulateCommand calories|digits|rps ...}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}

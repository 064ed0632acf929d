package io.hindsight.app;

import io.hindsight.trainer.digits.DigitsCnnConfig;
import io.hindsight.trainer.digits.DigitsFirstStart;
import io.hindsight.trainer.digits.DigitsXgbConfig;

/**
 * How much digits training a first start does, in the background while everything else already serves:
 * full (the CNN on all 60,000 digits, ~99.2% held out, about a minute on 2 cores), quick (a few thousand
 * digits in seconds, for tests and demos on small machines) or off (serve whatever is on the registry).
 */
public enum DigitsFirstStartMode {
    FULL, QUICK, OFF;

    DigitsFirstStart.Settings settings(String codeVersion) {
        DigitsFirstStart.Settings defaults = DigitsFirstStart.Settings.defaults().withCodeVersion(codeVersion);
        return switch (this) {
            case FULL, OFF -> defaults;
            case QUICK -> new DigitsFirstStart.Settings(DigitsCnnConfig.tiny(), DigitsXgbConfig.tiny(),
                    defaults.djlCacheDir(), codeVersion);
        };
    }
}

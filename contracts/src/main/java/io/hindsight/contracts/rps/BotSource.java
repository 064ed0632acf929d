package io.hindsight.contracts.rps;

/** Where the bot's move came from. */
public final class BotSource {
    public static final String GAMBIT = "gambit";
    public static final String MODEL = "model";
    /** No model could answer: the bot played uniformly at random. */
    public static final String FALLBACK = "fallback";

    private BotSource() {
    }
}

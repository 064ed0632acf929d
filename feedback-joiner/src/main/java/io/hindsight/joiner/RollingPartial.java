package io.hindsight.joiner;

/**
 * The outcomes of one series (task/family/version/alias) in one time bucket, folded since the last flush of
 * {@link RollingPartials}; {@code maxTs} is the latest record timestamp among them, the time the partial is
 * sent on with.
 */
record RollingPartial(long maxTs, RollingAggregate aggregate) {
}

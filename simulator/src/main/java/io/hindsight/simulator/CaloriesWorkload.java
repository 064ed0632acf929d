package io.hindsight.simulator;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRow;

/** Calories on the wire: the record's eight fields out, its measured calories back as feedback. */
final class CaloriesWorkload implements Workload<CaloriesRow> {

    @Override
    public Task task() {
        return Task.CALORIES;
    }

    @Override
    public byte[] request(Object id, CaloriesRow row) {
        return WireJson.request(id, row.record());
    }

    @Override
    public boolean hasTruth(CaloriesRow row) {
        return !Double.isNaN(row.calories());
    }

    @Override
    public byte[] feedback(Object id, CaloriesRow row, long epochMillis) {
        return WireJson.feedback(id, row.calories(), epochMillis);
    }
}

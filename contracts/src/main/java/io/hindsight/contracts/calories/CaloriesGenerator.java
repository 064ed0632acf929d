package io.hindsight.contracts.calories;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic exercise records in the Kaggle PS S5E5 schema. Calories follow the heart-rate equations of
 * Keytel et al. (2005), J Sports Sci 23(3):289-97, with 5% log-normal noise; the same generator as the
 * seed-004 peer's gen.py so both sides of a benchmark see the same distribution. Seeded: the same seed
 * gives the same rows on every machine.
 */
public final class CaloriesGenerator {
    private final SplittableRandom rnd;
    private long nextId;

    public CaloriesGenerator(long seed) {
        this(seed, 0);
    }

    public CaloriesGenerator(long seed, long firstId) {
        this.rnd = new SplittableRandom(seed);
        this.nextId = firstId;
    }

    public CaloriesRow next() {
        boolean male = rnd.nextBoolean();
        int age = 20 + rnd.nextInt(60);
        double height = gauss(male ? 175 : 162, 9);
        double weight = Math.max(40.0, gauss(0.45 * height - (male ? 0 : 3), 8));
        int duration = 1 + rnd.nextInt(30);
        double hr = Math.min(128, Math.max(67, gauss(80 + duration * 0.9, 6)));
        double temp = Math.min(41.5, 37.0 + duration * 0.1 + gauss(0, 0.25));
        double calories = Math.max(1.0, keytelKcalPerMinute(male, hr, weight, age) * duration * Math.exp(gauss(0, 0.05)));
        CaloriesRecord r = new CaloriesRecord(Long.toString(nextId++), male ? "male" : "female", age,
                round(height, 1), round(weight, 1), duration, round(hr, 1), round(temp, 2));
        return new CaloriesRow(r, round(calories, 2));
    }

    public List<CaloriesRow> next(int n) {
        List<CaloriesRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(next());
        }
        return rows;
    }

    /** Keytel et al. 2005, energy expenditure in kJ/min divided by 4.184 to give kcal/min. */
    static double keytelKcalPerMinute(boolean male, double heartRate, double weight, double age) {
        double kj = male
                ? -55.0969 + 0.6309 * heartRate + 0.1988 * weight + 0.2017 * age
                : -20.4022 + 0.4472 * heartRate - 0.1263 * weight + 0.074 * age;
        return kj / 4.184;
    }

    private double gauss(double mean, double sd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return mean + sd * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}

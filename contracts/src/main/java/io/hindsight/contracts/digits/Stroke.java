package io.hindsight.contracts.digits;

import java.util.List;

/** One pen stroke on the canvas: points in canvas pixels, in drawing order. */
public record Stroke(List<Point> points) {
    public Stroke {
        points = List.copyOf(points);
    }

    public record Point(double x, double y) {
    }
}

package org.pathguard.posture;

import java.util.List;

/** A CAF outcome with its indicators' readings and the rating they give it (the worst of them). */
public record OutcomeStatus(CafOutcome outcome, Rating rating, List<Reading> readings) {

    public OutcomeStatus {
        readings = List.copyOf(readings);
    }

    static OutcomeStatus of(CafOutcome outcome, List<Reading> readings) {
        Rating rating = readings.stream().map(Reading::rating).reduce(Rating.ACHIEVED, Rating::worse);
        return new OutcomeStatus(outcome, rating, readings);
    }
}

package org.pathguard.posture;

import org.pathguard.access.AccessReview;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * C1.c: every break-glass read gets the privacy officer's finding within pathguard.posture.break-glass-review-within
 * (7 days unless configured); older unreviewed ones make the outcome partial. Counts and ages only.
 */
@Component
class BreakGlassReviewProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("c1c-break-glass-reviewed", CafOutcome.C1_C,
            "Every break-glass read is reviewed by the privacy officer in time", Indicator.Kind.AUTOMATED);

    private final AccessReview review;
    private final Duration within;

    BreakGlassReviewProbe(AccessReview review, @Value("${pathguard.posture.break-glass-review-within:P7D}") Duration within) {
        this.review = review;
        this.within = within;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        AccessReview.BreakGlassBacklog backlog = review.unreviewedBreakGlass(now, within);
        Rating rating = AccountRatings.reviewedInTime(backlog.overdue());
        String finding = backlog.unreviewed() == 0 ? "Every break-glass read has been reviewed"
                : backlog.overdue() > 0 ? backlog.overdue() + " break-glass reads have waited over " + within.toDays() + " days for review"
                : backlog.unreviewed() + " break-glass reads await review, none for over " + within.toDays() + " days";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("unreviewed break-glass reads", Long.toString(backlog.unreviewed())),
                new Evidence("unreviewed for over " + within.toDays() + " days", Long.toString(backlog.overdue())),
                new Evidence("oldest unreviewed", backlog.oldest() == null ? "none"
                        : Duration.between(backlog.oldest(), now).toDays() + " days")), now);
    }
}

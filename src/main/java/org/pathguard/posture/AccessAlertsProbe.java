package org.pathguard.posture;

import org.pathguard.access.AccessReview;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * C1.c: access alerts (reading that looked wrong, and notices of administrative acts) closed by the privacy officer
 * within pathguard.posture.alert-review-within; alerts are generated, and this shows someone reads them.
 */
@Component
class AccessAlertsProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("c1c-access-alerts-reviewed", CafOutcome.C1_C,
            "Every access alert is reviewed in time", Indicator.Kind.AUTOMATED);

    private final AccessReview review;
    private final Duration within;

    AccessAlertsProbe(AccessReview review, @Value("${pathguard.posture.alert-review-within:P7D}") Duration within) {
        this.review = review;
        this.within = within;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        AccessReview.AlertBacklog open = review.openAlerts(now, within);
        Rating rating = AccountRatings.reviewedInTime(open.overdue());
        long all = open.openAlerts() + open.openNotices();
        String finding = all == 0 ? "No access alert is open"
                : open.overdue() > 0 ? open.overdue() + " access alerts have been open for over " + within.toDays() + " days"
                : all + " access alerts are open, none for over " + within.toDays() + " days";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("open alerts about reading", Long.toString(open.openAlerts())),
                new Evidence("open notices of administrative acts", Long.toString(open.openNotices())),
                new Evidence("open for over " + within.toDays() + " days", Long.toString(open.overdue())),
                new Evidence("oldest open", open.oldest() == null ? "none" : Duration.between(open.oldest(), now).toDays() + " days")), now);
    }
}

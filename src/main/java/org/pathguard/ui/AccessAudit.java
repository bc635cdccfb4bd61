package org.pathguard.ui;

import org.pathguard.access.AccessReview;
import org.pathguard.access.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.time.Instant;

/** The privacy officer's screen: break-glass reads with their reasons, and access alerts (budgets, walking, out of hours). */
@Controller
class AccessAudit {

    private final AccessReview review;

    AccessAudit(AccessReview review) {
        this.review = review;
    }

    @GetMapping("/audit")
    String audit(Actor actor, @RequestParam(defaultValue = "7") int days, Model model) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        Instant since = Instant.now().minus(Duration.ofDays(Math.clamp(days, 1, 365)));
        model.addAttribute("days", Math.clamp(days, 1, 365));
        model.addAttribute("breakGlass", actor.role() == Actor.Role.AUDITOR ? review.breakGlass(actor, since) : null);
        model.addAttribute("alerts", review.alerts(actor, since));
        return "audit";
    }
}

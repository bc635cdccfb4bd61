package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Rating;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /posture}: the lab's security posture as the DSPT's Cyber Assessment Framework rates it, for the lab manager and
 * the privacy officer. Each outcome with its rating, each indicator with its finding, the evidence behind it and when it
 * was taken. It asks the posture service only, as the API does, so the page shows nothing the API would not.
 */
@Controller
class PostureScreen {

    private final Posture posture;

    PostureScreen(Posture posture) {
        this.posture = posture;
    }

    @GetMapping("/posture")
    String posture(Actor actor, Model model) {
        PostureReport report = posture.report(actor);
        model.addAttribute("report", report);
        model.addAttribute("counts", counts(report));
        return "posture";
    }

    /** How many outcomes stand at each rating, the line a lab manager reads first. */
    private static Map<Rating, Long> counts(PostureReport report) {
        Map<Rating, Long> counts = report.outcomes().stream().collect(Collectors.groupingBy(o -> o.rating(), Collectors.counting()));
        return Arrays.stream(Rating.values()).collect(Collectors.toMap(Function.identity(), r -> counts.getOrDefault(r, 0L),
                (a, b) -> a, () -> new java.util.EnumMap<>(Rating.class)));
    }
}

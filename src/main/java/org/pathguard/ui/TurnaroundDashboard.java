package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.order.TurnaroundBoard;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Turnaround at a glance: per priority and per department, the share reported within target, open breaches, the most overdue work. */
@Controller
class TurnaroundDashboard {

    /** The share of work the lab aims to report within its target time. */
    static final double TARGET_PERCENT = 90;

    private final TurnaroundBoard board;
    private final InstantSource clock;

    TurnaroundDashboard(TurnaroundBoard board, InstantSource clock) {
        this.clock = clock;
        this.board = board;
    }

    record Panel(String title, String svg, List<TurnaroundBoard.PriorityTurnaround> rows) {
    }

    @GetMapping("/turnaround")
    String dashboard(Actor actor, @RequestParam(defaultValue = "24") int hours, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        int window = Math.clamp(hours, 1, 24 * 31);
        TurnaroundBoard.Summary summary = board.summary(clock.instant().minus(Duration.ofHours(window)));
        model.addAttribute("hours", window);
        model.addAttribute("target", TARGET_PERCENT);
        model.addAttribute("overall", panel("All departments", "tat-all", summary.byPriority()));
        model.addAttribute("departments", summary.byDepartment().stream()
                .map(d -> panel(d.department(), "tat-" + d.department(), d.byPriority())).toList());
        model.addAttribute("overdue", summary.mostOverdue());
        return "turnaround";
    }

    private static Panel panel(String title, String id, List<TurnaroundBoard.PriorityTurnaround> rows) {
        // Meeting the target and open work past its time are separate facts: a priority can meet its 90% and still have a
        // request waiting too long, and only the waiting request is a warning someone must act on.
        List<BarChart.Bar> bars = rows.stream().map(r -> new BarChart.Bar(Wording.of(r.priority()), r.shareWithinTarget(),
                r.reported() == 0 ? "none reported yet" : "%.0f%% of %d reported".formatted(r.shareWithinTarget(), r.reported()),
                r.reported() > 0, r.openBreaches())).toList();
        return new Panel(title, BarChart.svg(id, "Reported within target", bars, TARGET_PERCENT), rows);
    }
}

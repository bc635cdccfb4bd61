package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.lab.Priority;
import org.pathguard.network.Referrals;
import org.pathguard.qc.QualityControl;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.Worklists;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The lab's start page: outstanding work per department and priority, critical and oldest first, and the tests
 * referred out to partner labs (open, overdue, refused) so work done elsewhere is not forgotten, and how many analytes
 * are out of control on their analysers (their results are held).
 */
@Controller
class LabHome {

    private final Worklists worklists;
    private final CriticalResults criticals;
    private final Referrals referrals;
    private final QualityControl qc;
    private final Screens screens;

    LabHome(Worklists worklists, CriticalResults criticals, Referrals referrals, QualityControl qc, Screens screens) {
        this.worklists = worklists;
        this.criticals = criticals;
        this.referrals = referrals;
        this.qc = qc;
        this.screens = screens;
    }

    @GetMapping("/")
    String home(Actor actor, Model model) {
        if (screens.atRouter() || !actor.role().labStaff()) {
            return "redirect:" + screens.home(actor);
        }
        model.addAttribute("departments", worklists.outstanding(actor));
        model.addAttribute("stages", Worklists.Stage.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("openCriticals", criticals.list(true).size());
        model.addAttribute("overdueCriticals", criticals.overdueCount());
        model.addAttribute("deadline", criticals.deadline());
        model.addAttribute("referred", referrals.counts(actor));
        model.addAttribute("outOfControl", qc.failures(true).size());
        return "lab-home";
    }
}

package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/**
 * The browser's way in: the sign-in page (password, then authenticator code) and the first-login
 * enrolment page with its QR code. The same two steps as the API ({@link TwoStepSignIn},
 * {@link Enrolments}); a refusal re-shows the form with the reason and its HTTP status.
 */
@Controller
@ConditionalOnWebApplication
class SignInPages {

    private final TwoStepSignIn signIn;
    private final Enrolments enrolments;
    private final boolean singleSignOn;

    SignInPages(TwoStepSignIn signIn, Enrolments enrolments, ObjectProvider<SingleSignOn> singleSignOn) {
        this.signIn = signIn;
        this.enrolments = enrolments;
        this.singleSignOn = singleSignOn.getIfAvailable() != null;
    }

    @GetMapping("/sign-in")
    String signInPage(@RequestParam(required = false) String restart, HttpServletRequest request, Model model) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof Authentication auth && auth.getPrincipal() instanceof Actor) {
            return "redirect:/";
        }
        if (restart != null) {
            // Only a half-finished sign-in is dropped: a link cannot sign anyone out.
            TwoStepSignIn.signOut(request);
        }
        return signInForm(model, signIn.awaitingSecondFactor(request) ? "code" : "password", null, null);
    }

    @PostMapping("/sign-in")
    String password(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            signIn.password(username, password, request);
            return "redirect:/sign-in";
        } catch (RuntimeException e) {
            return refused(e, response, model, "password", username);
        }
    }

    @PostMapping("/sign-in/code")
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
                Model model) {
        try {
            signIn.secondFactor(code, request, response);
            return "redirect:/";
        } catch (RuntimeException e) {
            return refused(e, response, model, signIn.awaitingSecondFactor(request) ? "code" : "password", null);
        }
    }

    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request) {
        TwoStepSignIn.signOut(request);
        return "redirect:/sign-in";
    }

    @GetMapping("/enrol/{token}")
    String enrolmentPage(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        Enrolments.Opened opened;
        try {
            opened = enrolments.open(token, request);
        } catch (RuntimeException e) {
            return page(Refusal.of(e), response, model);
        }
        return enrolForm(opened, request, model);
    }

    @PostMapping("/enrol/{token}")
    String enrol(@PathVariable String token, @RequestParam(defaultValue = "") String password,
                 @RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
                 Model model) {
        Enrolments.Opened opened;
        try {
            opened = enrolments.open(token, request);
        } catch (RuntimeException e) {
            return page(Refusal.of(e), response, model);
        }
        try {
            List<String> codes = enrolments.complete(opened, password, code, request);
            model.addAttribute("username", opened.enrolment().username());
            model.addAttribute("recoveryCodes", codes);
            return "enrolled";
        } catch (RuntimeException e) {
            Refusal refusal = Refusal.of(e);
            response.setStatus(refusal.status().value());
            model.addAttribute("error", refusal.detail());
            return enrolForm(opened, request, model);
        }
    }

    private String enrolForm(Enrolments.Opened opened, HttpServletRequest request, Model model) {
        model.addAttribute("enrolment", opened.enrolment());
        model.addAttribute("authenticator", enrolments.currentAuthenticator(opened, request));
        model.addAttribute("token", opened.token());
        return "enrol";
    }

    private String refused(RuntimeException e, HttpServletResponse response, Model model, String step, String username) {
        Refusal refusal = Refusal.of(e);
        response.setStatus(refusal.status().value());
        return signInForm(model, step, refusal.detail(), username);
    }

    private String signInForm(Model model, String step, String error, String username) {
        model.addAttribute("step", step);
        model.addAttribute("error", error);
        model.addAttribute("username", username);
        model.addAttribute("singleSignOn", singleSignOn);
        return "sign-in";
    }

    static String page(Refusal refusal, HttpServletResponse response, Model model) {
        response.setStatus(refusal.status().value());
        model.addAttribute("refusal", refusal);
        return "refused";
    }
}

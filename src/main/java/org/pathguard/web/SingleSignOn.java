package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Single sign-on through an OIDC provider (the NHS staff identity service is one), as an
 * alternative to password and TOTP. The provider must say, in the ID token's {@code amr} claim
 * (RFC 8176), that the person used a second factor; the subject must be linked to a PathGuard
 * account, whose role and organisation are PathGuard's, not the provider's. Start at
 * {@code /oauth2/authorization/sso}.
 */
@Component
@ConditionalOnWebApplication
@ConditionalOnProperty("pathguard.oidc.issuer-uri")
class SingleSignOn {

    static final String REGISTRATION = "sso";

    private final Accounts accounts;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrf;
    private final InMemoryClientRegistrationRepository registrations;
    private final Set<String> secondFactorMethods;

    SingleSignOn(Accounts accounts, SecurityContextRepository contexts, CsrfTokenRepository csrf,
                 @Value("${pathguard.oidc.issuer-uri}") String issuer,
                 @Value("${pathguard.oidc.client-id}") String clientId,
                 @Value("${pathguard.oidc.client-secret}") String clientSecret,
                 @Value("${pathguard.oidc.second-factor-amr:mfa,otp,hwk,sc,swk}") String secondFactorMethods) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.csrf = csrf;
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(issuer)
                .registrationId(REGISTRATION).clientId(clientId).clientSecret(clientSecret)
                .scope("openid", "profile")
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        this.registrations = new InMemoryClientRegistrationRepository(registration);
        this.secondFactorMethods = Arrays.stream(secondFactorMethods.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    void configure(HttpSecurity http) throws Exception {
        http.oauth2Login(o -> o.clientRegistrationRepository(registrations)
                .loginPage("/api/session")
                .successHandler(this::signedInAtProvider)
                .failureHandler((request, response, failure) -> refuse(request, response,
                        "Single sign-on did not complete: the identity provider's answer was refused")));
    }

    private void signedInAtProvider(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        if (!(authentication.getPrincipal() instanceof OidcUser user)) {
            refuse(request, response, "Single sign-on did not return an OpenID Connect identity");
            return;
        }
        List<String> methods = Optional.ofNullable(user.getClaimAsStringList("amr")).orElse(List.of());
        if (methods.stream().noneMatch(secondFactorMethods::contains)) {
            refuse(request, response, "The identity provider did not confirm a second factor (amr " + methods
                    + "); sign in there with your smartcard or authenticator, or use your PathGuard password and code");
            return;
        }
        Optional<Actor> actor = accounts.signInBySingleSignOn(user.getSubject(), "oidc:" + String.join("+", methods));
        if (actor.isEmpty()) {
            refuse(request, response, "No PathGuard account is linked to this identity; ask an administrator to link it");
            return;
        }
        TwoStepSignIn.signIn(actor.get(), request, response, contexts, csrf);
        response.sendRedirect("/api/session");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "single-sign-on-refused", why);
    }
}

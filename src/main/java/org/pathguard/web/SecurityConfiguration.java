package org.pathguard.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who may reach what. People sign in with a password and a TOTP code (or single sign-on that
 * vouches for a second factor) and hold a session; machines send a scoped credential as a bearer
 * token with every request and never get a session. Everything else is refused with problem+json.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableWebSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** What each machine scope may send; a machine reaches nothing else. */
    private static final Map<String, List<RequestMatcher>> SCOPE_REQUESTS = Map.of(
            Scope.ORDERS, List.of(post("/api/patients"), post("/api/orders"), post("/api/orders/{accession}/specimens"),
                    post("/fhir"), post("/fhir/ServiceRequest"), post("/fhir/Patient")),
            Scope.RESULTS, List.of(post("/api/results"), post("/api/qc/runs")),
            Scope.RECEPTION, List.of(post("/api/specimens/{barcode}/receipt")),
            Scope.INTERFACES, List.of(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/interfaces/**"),
                    post("/api/interfaces/outbound/{id}/replay")));

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return new HttpSessionCsrfTokenRepository();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, Accounts accounts, RateLimits limits,
                                            SecurityContextRepository contexts, CsrfTokenRepository csrf,
                                            ObjectProvider<SingleSignOn> singleSignOn,
                                            @Value("${pathguard.session.absolute-timeout}") Duration absoluteTimeout) throws Exception {
        http.securityContext(c -> c.securityContextRepository(contexts))
                // Forgery needs an ambient session cookie: bearer-token and session-less requests have none to borrow.
                .csrf(c -> c.csrfTokenRepository(csrf).csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(r -> !SAFE_METHODS.contains(r.getMethod())
                                && r.getRequestedSessionId() != null && r.getHeader(HttpHeaders.AUTHORIZATION) == null))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(SecurityHeaders.STRICT_TRANSPORT_SECURITY.toSeconds())
                                .requestMatcher(AnyRequestMatcher.INSTANCE))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .addFilterAfter(new SessionLifetime(absoluteTimeout), SecurityContextHolderFilter.class)
                .addFilterAfter(new AccountStillActive(accounts), SessionLifetime.class)
                .addFilterBefore(new MachineCredentials(accounts), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new CallLimit(limits), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/session", "/api/session/**", "/api/enrolment/**", "/error").permitAll()
                        // Partner labs' checkpoints: their signature and a consistency proof are the authentication.
                        .requestMatchers(HttpMethod.POST, "/witness/add-checkpoint").permitAll()
                        .requestMatchers(HttpMethod.GET, "/fhir/metadata", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        // The screens' way in, and their stylesheet, scripts and images (nothing of any patient).
                        .requestMatchers("/sign-in", "/sign-in/code", "/sign-out", "/enrol/*").permitAll()
                        .requestMatchers(HttpMethod.GET, "/ui/**", "/webjars/**", "/favicon.ico").permitAll()
                        .anyRequest().access(new ScopedAccess()))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> {
                            if (screen(request)) {
                                toSignIn(request, response);
                                return;
                            }
                            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "sign-in-required",
                                    "Sign in first (password and authenticator code), or send a machine credential as 'Authorization: Bearer ...'");
                        })
                        .accessDeniedHandler((request, response, denied) -> {
                            if (screen(request) && denied instanceof CsrfException) {
                                // A form from a session that has ended: sign in again rather than read a JSON error.
                                toSignIn(request, response);
                                return;
                            }
                            ProblemResponses.write(request, response, HttpStatus.FORBIDDEN,
                                    denied instanceof CsrfException ? "csrf-token-required" : "forbidden",
                                    denied instanceof CsrfException
                                            ? "Missing or stale CSRF token: GET /api/session and send its csrfToken in the X-CSRF-TOKEN header"
                                            : "Your credential does not allow this request");
                        }));
        SingleSignOn sso = singleSignOn.getIfAvailable();
        if (sso != null) {
            sso.configure(http);
        }
        return http.build();
    }

    /**
     * Requests the security firewall refuses are answered like every other refusal (problem+json, or an
     * OperationOutcome under /fhir), not with the container's error page.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST,
                "request-rejected", "The request was refused as unsafe: for example an empty, '.' or '..' path segment, "
                        + "a semicolon, or an encoded dot, percent sign or line break in the URL");
    }

    /** A page for a person's browser, as opposed to the API, FHIR and machine endpoints. */
    private static boolean screen(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/fhir") || path.startsWith("/v3/") || path.startsWith("/witness/")
                || path.startsWith("/oauth2/") || path.startsWith("/login/"));
    }

    /** htmx follows a redirect inside the page; HX-Redirect makes it load the sign-in page whole. */
    private static void toSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", request.getContextPath() + "/sign-in");
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            return;
        }
        response.sendRedirect(request.getContextPath() + "/sign-in");
    }

    private static RequestMatcher post(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, pattern);
    }

    /** People reach every endpoint (the lab's own checks then apply); machines only what their scopes send. */
    private static final class ScopedAccess implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationDecision authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
            Authentication auth = authentication.get();
            if (auth == null || !(auth.getPrincipal() instanceof Actor actor)) {
                return new AuthorizationDecision(false);
            }
            if (actor.role().human()) {
                return new AuthorizationDecision(true);
            }
            boolean allowed = auth.getAuthorities().stream()
                    .map(a -> SCOPE_REQUESTS.getOrDefault(a.getAuthority().replaceFirst("^SCOPE_", ""), List.of()))
                    .flatMap(List::stream)
                    .anyMatch(m -> m.matches(context.getRequest()));
            return new AuthorizationDecision(allowed);
        }
    }

    /** A machine credential, sent with each request; a wrong one is refused at once, never treated as anonymous. */
    private static final class MachineCredentials extends OncePerRequestFilter {

        private final Accounts accounts;

        MachineCredentials(Accounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null) {
                chain.doFilter(request, response);
                return;
            }
            var credential = header.startsWith("Bearer ") ? accounts.credential(header.substring(7).trim()) : java.util.Optional.<Accounts.Credential>empty();
            if (credential.isEmpty()) {
                ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-credential",
                        "The Authorization header does not carry a valid, unrevoked PathGuard credential (Bearer pgc_...)");
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(SignedInActor.authentication(credential.get().actor(), credential.get().scopes()));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    /** Sessions end after a fixed time however busy they are (the idle timeout is the servlet container's). */
    private static final class SessionLifetime extends OncePerRequestFilter {

        private final Duration absoluteTimeout;

        SessionLifetime(Duration absoluteTimeout) {
            this.absoluteTimeout = absoluteTimeout;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(TwoStepSignIn.SIGNED_IN_AT) instanceof Instant at
                    && at.plus(absoluteTimeout).isBefore(Instant.now())) {
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * A session lasts only while its account is active in the role it signed in with: disabling an account or
     * changing its role ends every session it has, at that session's next request.
     */
    private static final class AccountStillActive extends OncePerRequestFilter {

        private final Accounts accounts;

        AccountStillActive(Accounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof Actor actor && actor.role().human()
                    && !accounts.sessionMayContinue(actor)) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            }
            chain.doFilter(request, response);
        }
    }

    /** Per-principal call limit, after authentication so each account has its own. */
    private static final class CallLimit extends OncePerRequestFilter {

        private final RateLimits limits;

        CallLimit(RateLimits limits) {
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof Actor actor) {
                try {
                    limits.call(actor.name());
                } catch (TooManyRequests e) {
                    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
                    ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", e.getMessage());
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}

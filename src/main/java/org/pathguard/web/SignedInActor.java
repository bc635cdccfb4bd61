package org.pathguard.web;

import org.pathguard.access.Actor;
import org.pathguard.access.UnidentifiedActor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The actor behind the current request, as authenticated by the security filters: a person who
 * passed both factors (or single sign-on), or a machine credential. A break-glass reason travels
 * in its own header, per request.
 */
public final class SignedInActor {

    public static final String BREAK_GLASS_HEADER = "X-PathGuard-Break-Glass";

    private SignedInActor() {
    }

    /** {@code header} reads a request header by name. */
    public static Actor actor(Function<String, String> header) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Actor actor)) {
            throw new UnidentifiedActor("Sign in first (both factors), or send a machine credential as 'Authorization: Bearer ...'");
        }
        String breakGlass = header.apply(BREAK_GLASS_HEADER);
        return breakGlass == null ? actor : actor.withBreakGlass(breakGlass);
    }

    static Authentication authentication(Actor actor, List<String> scopes) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + actor.role().name()));
        scopes.forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
        return UsernamePasswordAuthenticationToken.authenticated(actor, null, authorities);
    }
}

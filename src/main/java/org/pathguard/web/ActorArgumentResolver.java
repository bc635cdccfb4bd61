package org.pathguard.web;

import org.pathguard.access.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Arrays;
import java.util.regex.Pattern;

/** Gives every API call its actor from the request headers; no actor, no access. */
final class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    static final String ACTOR_HEADER = "X-PathGuard-Actor";
    static final String ROLE_HEADER = "X-PathGuard-Role";
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._@-]{2,64}$");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                 WebDataBinderFactory binders) {
        String name = request.getHeader(ACTOR_HEADER);
        String role = request.getHeader(ROLE_HEADER);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MissingActor("Send the " + ACTOR_HEADER + " header naming who is acting (2-64 letters, digits, . _ @ -)");
        }
        try {
            Actor.Role parsed = Actor.Role.valueOf(role == null ? "" : role.trim().toUpperCase());
            if (parsed == Actor.Role.SYSTEM) {
                throw new IllegalArgumentException();
            }
            return new Actor(name, parsed);
        } catch (IllegalArgumentException e) {
            throw new MissingActor("Send the " + ROLE_HEADER + " header with one of "
                    + Arrays.toString(Arrays.stream(Actor.Role.values()).filter(r -> r != Actor.Role.SYSTEM).toArray()));
        }
    }

    static final class MissingActor extends RuntimeException {
        MissingActor(String message) {
            super(message);
        }
    }
}

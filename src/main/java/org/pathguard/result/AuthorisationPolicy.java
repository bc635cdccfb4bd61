package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Priority;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which held results each role may authorise as final, set per hold reason and priority. In UK labs
 * biomedical scientists authorise routine work (a result outside its range, one with no range, a text
 * result); a critical value, a failed delta check or an analyser's warning goes to a clinical scientist
 * or pathologist. A result may be authorised only if every reason it was held for is allowed, at its
 * request's priority. Set in {@code pathguard.authorisation.<role>.hold-reasons} and {@code .priorities};
 * a role with no setting authorises nothing.
 */
public final class AuthorisationPolicy {

    /** What one role may authorise: results held only for these reasons, on requests of these priorities. */
    public record Rule(Set<HoldReason> holdReasons, Set<Priority> priorities) {

        public static final Rule NOTHING = new Rule(Set.of(), Set.of());

        public Rule {
            holdReasons = holdReasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(holdReasons));
            priorities = priorities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(priorities));
        }

        boolean allows(Priority priority, Collection<HoldReason> heldFor) {
            return priorities.contains(priority) && holdReasons.containsAll(heldFor);
        }

        boolean allowsAnything() {
            return !holdReasons.isEmpty() && !priorities.isEmpty();
        }
    }

    private final Map<Actor.Role, Rule> rules;

    /**
     * Refuses a policy that would let anyone but an authoriser release a result that needs a deliberate
     * confirmation (critical, delta failed, analyser flag), or let someone outside the bench authorise at all.
     */
    public AuthorisationPolicy(Map<Actor.Role, Rule> rules) {
        for (var entry : rules.entrySet()) {
            Actor.Role role = entry.getKey();
            Rule rule = entry.getValue();
            if (rule.allowsAnything() && role != Actor.Role.SCIENTIST && role != Actor.Role.AUTHORISER) {
                throw new IllegalArgumentException("Only biomedical scientists and authorisers authorise results; "
                        + "pathguard.authorisation." + key(role) + " must be empty");
            }
            List<HoldReason> needingAnAuthoriser = rule.holdReasons().stream().filter(HoldReason::needsConfirmation).sorted().toList();
            if (role != Actor.Role.AUTHORISER && !needingAnAuthoriser.isEmpty()) {
                throw new IllegalArgumentException("pathguard.authorisation." + key(role) + ".hold-reasons lists " + needingAnAuthoriser
                        + ": a critical value, a failed delta check, an analyser flag, a failed QC or a tube past its stability is authorised only by a clinical scientist or pathologist");
            }
        }
        this.rules = Map.copyOf(rules);
    }

    /** From settings: {@code pathguard.authorisation.scientist.hold-reasons=OUTSIDE_REFERENCE_RANGE,TEXT_RESULT} and so on. */
    public static AuthorisationPolicy fromSettings(UnaryOperator<String> settings) {
        Map<Actor.Role, Rule> rules = new EnumMap<>(Actor.Role.class);
        for (Actor.Role role : Actor.Role.values()) {
            String prefix = "pathguard.authorisation." + key(role);
            Set<HoldReason> reasons = parse(settings.apply(prefix + ".hold-reasons"), HoldReason.class, prefix + ".hold-reasons");
            Set<Priority> priorities = parse(settings.apply(prefix + ".priorities"), Priority.class, prefix + ".priorities");
            if (!reasons.isEmpty() || !priorities.isEmpty()) {
                rules.put(role, new Rule(reasons, priorities));
            }
        }
        return new AuthorisationPolicy(rules);
    }

    public Rule ruleFor(Actor.Role role) {
        return rules.getOrDefault(role, Rule.NOTHING);
    }

    public boolean allows(Actor.Role role, Priority priority, Collection<HoldReason> heldFor) {
        return ruleFor(role).allows(priority, heldFor);
    }

    /** Whether the role may authorise at least some held results (the queue then offers authorise and the batch). */
    public boolean authorisesAnything(Actor.Role role) {
        return ruleFor(role).allowsAnything();
    }

    /** Refuses, in words saying who may, a result this actor's role may not authorise. */
    public void check(Actor actor, Priority priority, Collection<HoldReason> heldFor) {
        if (allows(actor.role(), priority, heldFor)) {
            return;
        }
        Rule rule = ruleFor(actor.role());
        String why = !rule.allowsAnything() ? "Your role (" + words(actor.role()) + ") does not authorise results"
                : "As a " + words(actor.role()) + " you may authorise " + scope(actor.role()) + "; this one is "
                + words(priority) + (heldFor.isEmpty() ? "" : ", held for " + heldFor.stream().map(AuthorisationPolicy::words)
                .collect(Collectors.joining(", ")));
        throw new ForbiddenAction(why + ". A clinical scientist or pathologist must authorise it; you may reject it for a repeat");
    }

    /** "routine results held only for outside reference range, no reference range or text result", for the queue's hint. */
    public String scope(Actor.Role role) {
        Rule rule = ruleFor(role);
        if (!rule.allowsAnything()) {
            return "no results";
        }
        boolean everyReason = rule.holdReasons().containsAll(EnumSet.allOf(HoldReason.class));
        boolean everyPriority = rule.priorities().containsAll(EnumSet.allOf(Priority.class));
        String priorities = everyPriority ? "" : join(rule.priorities().stream().sorted().map(AuthorisationPolicy::words).toList()) + " ";
        return everyReason ? priorities + "results held for any reason"
                : priorities + "results held only for " + join(rule.holdReasons().stream().sorted().map(AuthorisationPolicy::words).toList());
    }

    private static String join(List<String> words) {
        return words.size() == 1 ? words.getFirst()
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
    }

    private static String words(Enum<?> code) {
        return code == Actor.Role.SCIENTIST ? "biomedical scientist" : code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String key(Actor.Role role) {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> Set<E> parse(String setting, Class<E> type, String name) {
        if (setting == null || setting.isBlank()) {
            return Set.of();
        }
        Set<E> values = EnumSet.noneOf(type);
        for (String word : setting.split(",")) {
            try {
                values.add(Enum.valueOf(type, word.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": '" + word.strip() + "' is not one of "
                        + Arrays.toString(type.getEnumConstants()), e);
            }
        }
        return values;
    }
}

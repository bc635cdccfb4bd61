package org.pathguard.posture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What B4.b asks of the screens' responses. A policy that lets injected script run (no Content-Security-Policy, or one
 * allowing inline or eval'd script) or lets a browser fall back to plain HTTP (no Strict-Transport-Security) is not
 * achieved; the lesser headers (sniffing, framing, referrer, caching of pages with patients on them) missing are partial.
 */
final class HeaderRules {

    static final Duration LEAST_STRICT_TRANSPORT = Duration.ofDays(365);
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    record Judgement(Rating rating, List<String> problems) {
    }

    private HeaderRules() {
    }

    static Judgement judge(Map<String, String> response) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.forEach((name, value) -> h.put(name, value.toLowerCase(Locale.ROOT)));
        List<String> grave = new ArrayList<>();
        List<String> lesser = new ArrayList<>();
        String csp = h.get("Content-Security-Policy");
        if (csp == null || !csp.contains("default-src")) {
            grave.add("no Content-Security-Policy with default-src");
        } else if (csp.contains("'unsafe-inline'") || csp.contains("'unsafe-eval'")) {
            grave.add("the Content-Security-Policy allows inline or eval'd script");
        }
        String hsts = h.get("Strict-Transport-Security");
        Matcher age = MAX_AGE.matcher(hsts == null ? "" : hsts);
        if (!age.find()) {
            grave.add("no Strict-Transport-Security");
        } else if (Long.parseLong(age.group(1)) < LEAST_STRICT_TRANSPORT.toSeconds()) {
            lesser.add("Strict-Transport-Security for less than a year");
        }
        if (!"nosniff".equals(h.get("X-Content-Type-Options"))) {
            lesser.add("no X-Content-Type-Options: nosniff");
        }
        String frames = h.get("X-Frame-Options");
        if (!"deny".equals(frames) && !"sameorigin".equals(frames) && (csp == null || !csp.contains("frame-ancestors"))) {
            lesser.add("framing by other sites not refused");
        }
        String referrer = h.get("Referrer-Policy");
        if (referrer == null || referrer.contains("unsafe-url")) {
            lesser.add("no Referrer-Policy keeping addresses to the lab");
        }
        String cache = h.get("Cache-Control");
        if (cache == null || !cache.contains("no-store")) {
            lesser.add("pages may be cached (no Cache-Control: no-store)");
        }
        List<String> problems = new ArrayList<>(grave);
        problems.addAll(lesser);
        Rating rating = !grave.isEmpty() ? Rating.NOT_ACHIEVED : !lesser.isEmpty() ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
        return new Judgement(rating, problems);
    }
}

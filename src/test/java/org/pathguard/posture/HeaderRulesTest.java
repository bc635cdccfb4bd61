package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.web.SecurityHeaders;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** B4.b's rule for the screens' headers, without a server. */
class HeaderRulesTest {

    private static Map<String, String> declaredWith(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(SecurityHeaders.declared());
        if (value == null) {
            h.remove(name);
        } else {
            h.put(name, value);
        }
        return h;
    }

    @Test
    void theLabsOwnHeadersAreAchievedInAnyCaseOfTheirNames() {
        assertThat(HeaderRules.judge(SecurityHeaders.declared())).isEqualTo(new HeaderRules.Judgement(Rating.ACHIEVED, java.util.List.of()));
        Map<String, String> lower = new LinkedHashMap<>();
        SecurityHeaders.declared().forEach((k, v) -> lower.put(k.toLowerCase(), v));
        assertThat(HeaderRules.judge(lower).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void noPolicyOrAnInlineScriptPolicyOrNoStrictTransportIsNotAchieved() {
        assertThat(HeaderRules.judge(declaredWith("Content-Security-Policy", null)).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(HeaderRules.judge(declaredWith("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'")))
                .extracting(HeaderRules.Judgement::rating, HeaderRules.Judgement::problems)
                .containsExactly(Rating.NOT_ACHIEVED, java.util.List.of("the Content-Security-Policy allows inline or eval'd script"));
        assertThat(HeaderRules.judge(declaredWith("Strict-Transport-Security", null)).rating()).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void aLesserHeaderMissingOrAShortStrictTransportIsPartiallyAchieved() {
        assertThat(HeaderRules.judge(declaredWith("X-Content-Type-Options", null)).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(HeaderRules.judge(declaredWith("Cache-Control", "max-age=3600")).problems())
                .containsExactly("pages may be cached (no Cache-Control: no-store)");
        assertThat(HeaderRules.judge(declaredWith("Strict-Transport-Security", "max-age=86400")).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        // Framing refused by the policy's frame-ancestors alone is enough.
        assertThat(HeaderRules.judge(declaredWith("X-Frame-Options", null)).rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(HeaderRules.judge(declaredWith("Referrer-Policy", "unsafe-url")).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }

    /** Headers not seen in a response are never achieved; a server that cannot read its own page is not achieved. */
    @Test
    void theConfigurationIsAtBestPartialAndAFailedSelfRequestIsNotAchieved() {
        java.time.Instant now = java.time.Instant.parse("2026-12-07T12:00:00Z");
        Reading configured = SecurityHeadersProbe.fromConfiguration("no web server runs in this process", now);
        assertThat(configured.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(configured.finding()).contains("read from the configuration, not observed");
        assertThat(SecurityHeadersProbe.observed(SecurityHeaders.declared(), "a response", now).rating()).isEqualTo(Rating.ACHIEVED);

        Reading failed = SecurityHeadersProbe.failed("ConnectException: Connection refused", now);
        assertThat(failed.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(failed.finding()).contains("Connection refused");
    }

    @Test
    void theSelfRequestGoesToTheAddressTheServerBinds() {
        assertThat(SecurityHeadersProbe.host(null)).isEqualTo("127.0.0.1");
        assertThat(SecurityHeadersProbe.host("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(SecurityHeadersProbe.host("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(SecurityHeadersProbe.host("::")).isEqualTo("[::1]");
        assertThat(SecurityHeadersProbe.host("fe80::1")).isEqualTo("[fe80::1]");
    }
}

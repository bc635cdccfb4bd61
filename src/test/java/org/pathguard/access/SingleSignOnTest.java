package org.pathguard.access;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on against a real OIDC provider (NAV's mock-oauth2-server): the authorization code
 * flow through the browser's redirects, ID token checked by Spring Security, and PathGuard's own
 * rules on top: a second factor vouched for in {@code amr}, and a linked account.
 */
class SingleSignOnTest extends LabServerTest {

    /** Follows the redirects a browser would, keeping cookies, and returns the last answer. */
    private HttpResponse<String> signInAtProvider(HttpClient browser, String subject, List<String> amr) throws Exception {
        IDENTITY_PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(IDENTITY_PROVIDER_ISSUER, subject, "JWT",
                List.of("pathguard"), Map.of("amr", amr, "name", "Dr Sso"), 3600));
        URI next = URI.create("http://localhost:" + port + "/oauth2/authorization/sso");
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<String> r = get(browser, next);
            if (r.statusCode() != 302) {
                return r;
            }
            next = next.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("too many redirects");
    }

    private static HttpResponse<String> get(HttpClient browser, URI uri) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @org.springframework.beans.factory.annotation.Autowired
    AccountLifecycle lifecycle;

    @Test
    void aLinkedAccountSignsInWhenTheProviderVouchesForASecondFactor() throws Exception {
        accounts.invite(Actor.SYSTEM, "dr.sso", Actor.Role.AUTHORISER, LAB, "cis2-555012345678");
        HttpClient browser = browser();
        HttpResponse<String> session = signInAtProvider(browser, "cis2-555012345678", List.of("pwd", "mfa"));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        assertThat(session.uri().getPath()).isEqualTo("/api/session");
        var json = Api.JSON.readTree(session.body());
        assertThat(json.get("signedIn").asBoolean()).isTrue();
        assertThat(json.get("username").asString()).isEqualTo("dr.sso");
        assertThat(json.get("role").asString()).as("the role is PathGuard's, not the provider's").isEqualTo("AUTHORISER");
        assertThat(get(browser, URI.create("http://localhost:" + port + "/api/validation-queue?limit=1")).statusCode()).isEqualTo(200);
        assertThat(db.sql("select count(*) from event_log where event_type = 'SignedIn' and actor = 'dr.sso'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aDisabledAccountCannotSignInThroughTheProviderAndItsSessionEnds() throws Exception {
        Accounts.Invitation linked = accounts.invite(Actor.SYSTEM, "dr.sso.leaver", Actor.Role.SCIENTIST, LAB, "cis2-555000000077");
        HttpClient browser = browser();
        assertThat(signInAtProvider(browser, "cis2-555000000077", List.of("pwd", "mfa")).statusCode()).isEqualTo(200);
        URI queue = URI.create("http://localhost:" + port + "/api/validation-queue?limit=1");
        assertThat(get(browser, queue).statusCode()).isEqualTo(200);

        Accounts.Secrets admin = accounts.createEnrolled(Actor.SYSTEM, "admin.sso.leaver", Actor.Role.ADMINISTRATOR, LAB);
        lifecycle.disable(new Actor(admin.username(), Actor.Role.ADMINISTRATOR, LAB, null), linked.accountId(), "left the trust today");
        assertThat(get(browser, queue).statusCode()).as("the open session ends").isEqualTo(401);
        HttpResponse<String> again = signInAtProvider(browser(), "cis2-555000000077", List.of("pwd", "mfa"));
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("single-sign-on-refused");
    }

    @Test
    void aPasswordAloneAtTheProviderIsNotEnough() throws Exception {
        accounts.invite(Actor.SYSTEM, "dr.onefactor", Actor.Role.SCIENTIST, LAB, "cis2-555000000001");
        HttpClient browser = browser();
        HttpResponse<String> refused = signInAtProvider(browser, "cis2-555000000001", List.of("pwd"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("single-sign-on-refused", "second factor");
        assertThat(get(browser, URI.create("http://localhost:" + port + "/api/validation-queue")).statusCode()).isEqualTo(401);
    }

    @Test
    void anIdentityWithoutALinkedAccountIsRefused() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> refused = signInAtProvider(browser, "cis2-999999999999", List.of("pwd", "hwk"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("No PathGuard account is linked");
        assertThat(get(browser, URI.create("http://localhost:" + port + "/api/validation-queue")).statusCode()).isEqualTo(401);
    }
}

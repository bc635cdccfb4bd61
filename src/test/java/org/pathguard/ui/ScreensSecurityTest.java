package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screens sit behind the same security as the API: a browser that has not signed in is sent to
 * the sign-in page (an API caller still gets problem+json), a role reaches only its own screens,
 * and every page carries the strict Content-Security-Policy.
 */
class ScreensSecurityTest extends LabServerTest {

    @Test
    void aBrowserThatHasNotSignedInIsSentToSignInWhileTheApiStillAnswersProblemJson() {
        Api anonymous = Api.anonymous(port);
        Api.Response page = anonymous.get("/validation");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/sign-in");

        Api.Response fromHtmx = anonymous.withHeader("HX-Request", "true").get("/patients");
        assertThat(fromHtmx.status()).isEqualTo(401);
        assertThat(fromHtmx.headers().firstValue("HX-Redirect")).hasValue("/sign-in");

        Api.Response api = anonymous.get("/api/validation-queue");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void everyPageCarriesTheStrictContentSecurityPolicyAndNoInlineScript() {
        Api.Response signIn = Api.anonymous(port).get("/sign-in");
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(signIn.body()).doesNotContainPattern("<script(?![^>]*src=)");
        assertThat(Api.anonymous(port).get("/ui/pathguard.css").status()).isEqualTo(200);
        assertThat(Api.anonymous(port).get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").status()).isEqualTo(200);
    }

    @Test
    void aRoleReachesOnlyItsOwnScreensAndIsToldWhyOnAPage() {
        Api requester = api("screens.gp", "REQUESTER");
        Api.Response validation = requester.get("/validation");
        assertThat(validation.status()).isEqualTo(403);
        assertThat(validation.contentType()).startsWith("text/html");
        assertThat(validation.body()).contains("Not allowed").contains("needs one of the roles");

        Api.Response home = requester.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/patients");

        Api administrator = api("screens.admin", "ADMINISTRATOR");
        assertThat(administrator.get("/reception").status()).isEqualTo(403);
        assertThat(administrator.get("/admin").status()).isEqualTo(200);
    }

    @Test
    void aLabOffersNoNetworkScreens() {
        Api manager = api("screens.lab-manager", "LAB_MANAGER");
        assertThat(manager.get("/network").status()).isEqualTo(404);
        assertThat(manager.get("/network/directory").status()).isEqualTo(404);
        assertThat(api("screens.gp", "REQUESTER").get("/network/orders").status()).isEqualTo(404);
        Api.Response partners = manager.get("/partners");
        assertThat(partners.status()).isEqualTo(200);
        assertThat(partners.body()).contains("Worklists").doesNotContain("href=\"/network");
    }
}

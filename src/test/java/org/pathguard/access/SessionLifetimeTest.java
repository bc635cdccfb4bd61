package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.PathGuardApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A session ends at its absolute lifetime however busy it is (here shortened to three seconds). */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionLifetimeTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void shortSessions(DynamicPropertyRegistry registry) {
        LabServerTest.freshStore(registry);
        registry.add("pathguard.session.absolute-timeout", () -> "PT3S");
    }

    @Test
    void aBusySessionStillEndsAtItsAbsoluteLifetime() throws Exception {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "short.session", Actor.Role.SCIENTIST, "PGLAB");
        Api person = Api.person(port, s.username(), s.password(), s.totpSecret());
        for (int i = 0; i < 4; i++) {
            assertThat(person.get("/api/validation-queue?limit=1").status()).isEqualTo(200);
            Thread.sleep(500);
        }
        Thread.sleep(1_500);
        var expired = person.get("/api/validation-queue?limit=1");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(person.get("/api/session").json().get("signedIn").asBoolean()).isFalse();
    }
}

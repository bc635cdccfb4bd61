package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.PathGuardApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that answers with patient data passes the read gate first: a scientist past their budget
 * is refused before anything is recorded, never told "refused" about a write that was committed
 * (fuzzing found that order reversed). Its own server, with a budget of three patients.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BudgetBeforeWriteTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient db;

    @DynamicPropertySource
    static void smallBudget(DynamicPropertyRegistry registry) {
        LabServerTest.freshStore(registry);
        registry.add("pathguard.access.read-budget.scientist", () -> "3");
    }

    @Test
    void aScientistPastTheBudgetIsRefusedBeforeTheResultsAreRecorded() {
        Api machine = Api.machine(port, accounts.issueCredential(Actor.SYSTEM, "order-comms", "PGLAB",
                List.of(Scope.ORDERS, Scope.RECEPTION)).token());
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "bench.bms", Actor.Role.SCIENTIST, "PGLAB");
        Api scientist = Api.person(port, s.username(), s.password(), s.totpSecret());
        for (int i = 0; i < 4; i++) {
            String nhs = Api.newNhsNumber();
            String patient = machine.post("/api/patients", Map.of("nhsNumber", nhs, "familyName", "Budget", "givenName", "Bo",
                    "dateOfBirth", "1980-01-01", "sex", "MALE")).json().get("id").asString();
            String barcode = "BUDGET" + i;
            assertThat(machine.post("/api/orders", Map.of("patientId", patient, "requesterOds", "G85001", "clinician", "Dr B",
                    "priority", "ROUTINE", "tests", List.of("CRP"), "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))))
                    .status()).isEqualTo(201);
            assertThat(machine.post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
            var recorded = scientist.post("/api/results", Map.of("barcode", barcode, "results",
                    List.of(Map.of("analyte", "CRP", "value", "2", "unit", "mg/L"))));
            if (i < 3) {
                assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
            } else {
                assertThat(recorded.status()).isEqualTo(429);
                assertThat(db.sql("select count(*) from result r join specimen s on s.id = r.specimen_id where s.barcode = ?")
                        .param(barcode).query(Long.class).single()).as("nothing recorded for the refused write").isZero();
            }
        }
    }
}

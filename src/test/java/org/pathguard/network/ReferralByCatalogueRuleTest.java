package org.pathguard.network;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.order.OrderDesk;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test this lab does not perform goes to the partner the catalogue names, made by the lab itself (the sweep) with
 * no person asking; and when it cannot be (no agreement with that partner), the referral is made REFUSED with the
 * reason, so the test waits on the "Referred out" worklist instead of nowhere.
 */
class ReferralByCatalogueRuleTest extends LabServerTest {

    private static final String PARTNER = "RCR01";
    private static final Actor READER = new Actor("rule.reader", Actor.Role.SCIENTIST);

    @Autowired
    Referrals referrals;
    @Autowired
    OrderDesk orders;

    private String order(String test) {
        var patient = api("rule.gp", "REQUESTER").post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(),
                "familyName", "Rule", "givenName", "Ada", "dateOfBirth", "1958-09-30", "sex", "FEMALE"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        var placed = api("rule.gp", "REQUESTER").post("/api/orders", Map.of("patientId", patient.json().get("id").asString(),
                "requesterOds", PRACTICE, "clinician", "Dr Shah", "priority", "ROUTINE", "placerOrderNumber", Api.unique("PL"),
                "tests", List.of(test), "specimens", List.of(Map.of("barcode", Api.unique("CR"), "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().get("accession").asString();
    }

    @Test
    void aTestTheCatalogueSendsToAPartnerIsReferredByTheLabItselfOrWaitsRefusedWithTheReason() {
        String withoutAgreement = order("TFT");
        UUID orderId = orders.byAccession(withoutAgreement).id();
        referrals.referByRule(orderId, "TFT", PARTNER);
        Referral refused = referrals.forOrder(READER, withoutAgreement).getFirst();
        assertThat(refused.way()).isEqualTo(Referral.Way.CATALOGUE_RULE);
        assertThat(refused.state()).isEqualTo(ReferralState.REFUSED);
        assertThat(refused.reason()).startsWith("Not sent by the catalogue rule:").contains(PARTNER);
        assertThat(referrals.worklist(READER, new Referrals.WorklistFilter(PARTNER, null, false), 0, 100).lines())
                .extracting(line -> line.referral().id()).contains(refused.id());

        var set = api("rule.manager", "LAB_MANAGER").put("/api/network/agreements/" + PARTNER, Map.of("name", "Rule Laboratory",
                "endpoint", Map.of("host", "rule-partner.invalid", "port", 2575, "receivingApplication", "LIS",
                        "receivingFacility", PARTNER, "tls", false),
                "tests", List.of(Map.of("testCode", "TFT", "partnerCode", "TFT")),
                "dailyCapacity", Map.of("CRITICAL", 10, "URGENT", 10, "ROUTINE", 10), "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 2880), "transportMinutes", 120,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188")));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String withAgreement = order("TFT");
        referrals.referByRule(orders.byAccession(withAgreement).id(), "TFT", PARTNER);
        Referral requested = referrals.forOrder(READER, withAgreement).getFirst();
        assertThat(requested.way()).isEqualTo(Referral.Way.CATALOGUE_RULE);
        assertThat(requested.state()).isEqualTo(ReferralState.REQUESTED);
        assertThat(requested.requestedBy()).isEqualTo(Actor.SYSTEM.logName());
        // Due after the partner's routine turnaround plus transport, counted from when the rule asked for it.
        assertThat(Duration.between(requested.requestedAt(), requested.dueBy()))
                .isBetween(Duration.ofMinutes(2880 + 120).minusSeconds(5), Duration.ofMinutes(2880 + 120).plusSeconds(5));
    }
}

package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.audit.Checkpoints;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The posture service on the real server: attestations recorded as events and read back into the report, refused with
 * every wrong field named and nothing written, refused to every role but the lab manager, privacy officer and
 * administrator; the evidence pack signed with the checkpoint key and checked offline, one flipped byte failing it.
 */
class PostureTest extends LabServerTest {

    static final Actor MANAGER = new Actor("posture.manager", Actor.Role.LAB_MANAGER, LAB, null);
    static final Actor PRIVACY_OFFICER = new Actor("posture.auditor", Actor.Role.AUDITOR, LAB, null);
    static final Actor ADMINISTRATOR = new Actor("posture.admin", Actor.Role.ADMINISTRATOR, LAB, null);

    @Autowired
    Posture posture;

    @Autowired
    Checkpoints checkpoints;

    private static Reading reading(PostureReport report, String indicatorId) {
        return report.outcomes().stream().flatMap(o -> o.readings().stream()).filter(r -> r.indicator().id().equals(indicatorId))
                .findFirst().orElseThrow();
    }

    private long attestations() {
        return db.sql("select count(*) from posture_attestation").query(Long.class).single();
    }

    @Test
    void anAttestationTurnsItsIndicatorAchievedWithWhoAndWhere() {
        posture.attest(ADMINISTRATOR, "b4b-analysers-segmented", "https://intranet.example.nhs.uk/it/network/analyser-vlan.pdf",
                "Analysers moved to VLAN 40 on 2 Dec 2026; only the interface engine reaches it");

        Reading reading = reading(posture.report(MANAGER), "b4b-analysers-segmented");
        assertThat(reading.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading.finding()).startsWith("Attested: attested by posture.admin on ");
        assertThat(reading.evidence()).contains(new Evidence("evidence", "https://intranet.example.nhs.uk/it/network/analyser-vlan.pdf"),
                new Evidence("attested by", "posture.admin/ADMINISTRATOR"));
        assertThat(posture.attestations(PRIVACY_OFFICER)).containsKey("b4b-analysers-segmented");
        OutcomeStatus b4b = posture.report(PRIVACY_OFFICER).outcomes().stream().filter(o -> o.outcome() == CafOutcome.B4_B)
                .findFirst().orElseThrow();
        assertThat(b4b.readings()).extracting(r -> r.indicator().id()).contains("b4b-analysers-segmented");
    }

    @Test
    void anIndicatorNobodyAttestedIsNotAchieved() {
        Reading reading = reading(posture.report(MANAGER), "a4a-hosting-supplier-assured");
        assertThat(reading.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(reading.finding()).isEqualTo("Not attested");
    }

    @Test
    void aWrongAttestationNamesEveryWrongFieldAndWritesNothing() {
        long before = attestations();
        assertThatThrownBy(() -> posture.attest(MANAGER, "b9z-made-up", " ", "ok"))
                .isInstanceOfSatisfying(AttestationRefused.class, refused -> {
                    assertThat(refused.problems()).extracting(AttestationRules.Problem::field)
                            .containsExactly("indicatorId", "evidence", "statement");
                    assertThat(refused.getMessage()).contains("indicatorId: ", "evidence: ", "statement: ");
                });
        assertThatThrownBy(() -> posture.attest(MANAGER, "d1c-exercised-with-partner-labs", "x".repeat(501),
                "Exercised with both partner labs on 3 Nov 2026"))
                .isInstanceOfSatisfying(AttestationRefused.class, refused ->
                        assertThat(refused.problems()).extracting(AttestationRules.Problem::code).containsExactly("text-too-long"));
        assertThat(attestations()).isEqualTo(before);
    }

    @Test
    void onlyTheLabManagerPrivacyOfficerAndAdministratorAttest() {
        long before = attestations();
        for (Actor.Role role : List.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.REQUESTER, Actor.Role.NETWORK_MANAGER,
                Actor.Role.INTERFACE, Actor.Role.SYSTEM)) {
            assertThatThrownBy(() -> posture.attest(new Actor("posture." + role, role, LAB, null), "b6b-break-glass-training",
                    "LMS course record 2026", "Every break-glass holder completed the course in November"))
                    .as(role.name()).isInstanceOf(ForbiddenAction.class);
        }
        assertThat(attestations()).isEqualTo(before);
    }

    @Test
    void onlyThisLabsManagerAndPrivacyOfficerAndTheConsoleReadThePostureOrMakeAPack() {
        assertThat(posture.report(Actor.SYSTEM).outcomes()).isNotEmpty();
        for (Actor actor : List.of(new Actor("partner.manager", Actor.Role.LAB_MANAGER, "RJ1", null),
                new Actor("partner.auditor", Actor.Role.AUDITOR, "RJ1", null))) {
            assertThatThrownBy(() -> posture.report(actor)).as(actor.name()).isInstanceOf(ForbiddenAction.class)
                    .hasMessageContaining("another organisation");
            assertThatThrownBy(() -> posture.evidencePack(actor)).as(actor.name()).isInstanceOf(ForbiddenAction.class);
            assertThatThrownBy(() -> posture.attest(actor, "b6b-break-glass-training", "LMS course record 2026",
                    "Every break-glass holder completed the course")).as(actor.name()).isInstanceOf(ForbiddenAction.class);
        }
        for (Actor.Role role : Arrays.stream(Actor.Role.values())
                .filter(r -> r != Actor.Role.LAB_MANAGER && r != Actor.Role.AUDITOR && r != Actor.Role.SYSTEM).toList()) {
            Actor actor = new Actor("posture." + role, role, LAB, null);
            assertThatThrownBy(() -> posture.report(actor)).as(role.name()).isInstanceOf(ForbiddenAction.class);
            assertThatThrownBy(() -> posture.evidencePack(actor)).as(role.name()).isInstanceOf(ForbiddenAction.class);
            assertThatThrownBy(() -> posture.attestations(actor)).as(role.name()).isInstanceOf(ForbiddenAction.class);
        }
    }

    @Test
    void theEvidencePackIsSignedByTheCheckpointKeyAndOneFlippedByteFailsIt() throws Exception {
        // A link to the evidence longer than the page is wide still prints (broken across lines).
        posture.attest(MANAGER, "b6b-break-glass-training", "https://learning.example.nhs.uk/" + "course/break-glass/".repeat(20),
                "Every break-glass holder completed the course in November 2026");
        long packs = db.sql("select count(*) from posture_evidence_pack").query(Long.class).single();
        EvidencePack pack = posture.evidencePack(PRIVACY_OFFICER);
        byte[] zip = pack.zip();

        assertThat(EvidencePack.check(zip, checkpoints.key())).contains("both files are as signed");
        assertThat(new String(pack.json(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"code\" : \"B4.b\"", "\"kind\" : \"MANUAL\"");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(pack.pdf())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains("Security posture against the Cyber Assessment", "course/break-glass", "C1.b Securing logs",
                    "c1b-chain-verifies, automated", "b4b-analysers-segmented, manual");
        }
        assertThat(db.sql("select made_by from posture_evidence_pack order by sequence desc limit 1").query(String.class).single())
                .isEqualTo("posture.auditor/AUDITOR");
        assertThat(db.sql("select count(*) from posture_evidence_pack").query(Long.class).single()).isEqualTo(packs + 1);

        // A changed file inside the pack (its zip re-made, so the archive still reads) fails its digest.
        byte[] json = pack.json().clone();
        json[json.length / 2] ^= 1;
        assertThatThrownBy(() -> EvidencePack.check(new EvidencePack(pack.madeAt(), json, pack.pdf(), pack.signature()).zip(), checkpoints.key()))
                .hasMessageContaining("posture.json is not the file the lab signed");
        // Any one byte of the zip flipped: the archive, a file or the signature no longer holds.
        for (int at = 0; at < zip.length; at += at < zip.length - 200 ? 97 : 1) {
            byte[] flipped = zip.clone();
            flipped[at] ^= 1;
            assertThatThrownBy(() -> EvidencePack.check(flipped, checkpoints.key())).as("byte " + at).isInstanceOf(IllegalArgumentException.class);
        }
        // The signature itself altered.
        String forged = pack.signature().replace("made ", "made 1");
        assertThatThrownBy(() -> EvidencePack.check(new EvidencePack(pack.madeAt(), pack.json(), pack.pdf(), forged).zip(), checkpoints.key()))
                .hasMessageContaining("not by the checkpoint key");
    }
}

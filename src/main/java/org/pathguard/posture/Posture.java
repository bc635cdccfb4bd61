package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.audit.LogSigner;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.result.ThisLab;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.InstantSource;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's security posture from live evidence: every probe taken now and every manual indicator read from its latest
 * attestation, grouped by CAF outcome; attestations; and the signed evidence pack for the toolkit's submission.
 */
@Service
public class Posture {

    /** The console (SYSTEM: whoever holds the data directory and keys, as for verify and audit) reads it too. */
    private static final Actor.Role[] READERS = {Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR, Actor.Role.SYSTEM};
    /** Attestations are a named person's word: never the system's. */
    private static final Actor.Role[] ATTESTERS = {Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR, Actor.Role.ADMINISTRATOR};

    private final List<Probe> probes;
    private final InstantSource clock;
    private final EventLog log;
    private final JdbcClient db;
    private final LogSigner signer;
    private final ThisLab lab;
    private final Period attestationLasts;

    Posture(List<Probe> probes, InstantSource clock, EventLog log, JdbcClient db, LogSigner signer, ThisLab lab,
            @Value("${pathguard.posture.attestation-lasts:P1Y}") Period attestationLasts) {
        this.probes = probes.stream().sorted(Comparator.comparing(p -> p.indicator().id())).toList();
        this.clock = clock;
        this.log = log;
        this.db = db;
        this.signer = signer;
        this.lab = lab;
        this.attestationLasts = attestationLasts;
    }

    /** For the lab manager and the privacy officer of this lab, and the console. */
    public PostureReport report(Actor by) {
        requireHere(by, READERS);
        Instant now = clock.instant();
        Map<String, Attestation> attested = latestAttestations();
        List<Reading> readings = new ArrayList<>();
        probes.forEach(probe -> readings.add(take(probe, now)));
        ManualIndicators.ALL.forEach(i -> readings.add(AttestationRules.reading(i, attested.get(i.id()), now, attestationLasts)));
        Map<CafOutcome, List<Reading>> byOutcome = new EnumMap<>(CafOutcome.class);
        readings.stream().sorted(Comparator.comparing(r -> r.indicator().id()))
                .forEach(r -> byOutcome.computeIfAbsent(r.indicator().outcome(), o -> new ArrayList<>()).add(r));
        return new PostureReport(now, byOutcome.entrySet().stream().map(e -> OutcomeStatus.of(e.getKey(), e.getValue())).toList());
    }

    /** Every indicator the report reads, automated and manual, by id: what docs/posture.md maps to the CAF. */
    public List<Indicator> indicators() {
        List<Indicator> all = new ArrayList<>(probes.stream().map(Probe::indicator).toList());
        all.addAll(ManualIndicators.ALL);
        return all.stream().sorted(Comparator.comparing(Indicator::id)).toList();
    }

    /**
     * A named person attests that a manual indicator holds, with a link or reference to the evidence; it counts until it
     * lapses ({@code pathguard.posture.attestation-lasts}, a year by default). Nothing is written when any field is wrong.
     *
     * @throws AttestationRefused naming every wrong field
     */
    public Attestation attest(Actor by, String indicatorId, String evidence, String statement) {
        requireHere(by, ATTESTERS);
        List<AttestationRules.Problem> problems = AttestationRules.problems(indicatorId, evidence, statement);
        if (!problems.isEmpty()) {
            throw new AttestationRefused(problems);
        }
        String id = indicatorId.strip();
        var recorded = log.append(by.logName(), NewEvent.of("posture-attestation:" + id,
                new PostureAttested(id, evidence.strip(), statement.strip())));
        return new Attestation(id, evidence.strip(), statement.strip(), by.logName(), recorded.getFirst().recordedAt());
    }

    /** The latest attestation of each manual indicator that has one, by indicator id; for the screen's who and when. */
    public Map<String, Attestation> attestations(Actor by) {
        requireHere(by, READERS);
        return latestAttestations();
    }

    /** When an attestation stops counting. */
    public Instant lapsesAt(Attestation attestation) {
        return AttestationRules.lapsesAt(attestation.attestedAt(), attestationLasts);
    }

    /**
     * The posture now as JSON and PDF, with a signature over both by the lab's checkpoint key (the key witnesses and
     * auditors already hold), for the toolkit's submission. Its making is recorded: who, when and the digests.
     */
    public EvidencePack evidencePack(Actor by) {
        PostureReport report = report(by);
        byte[] json = PostureJson.write(report, lab.identity());
        byte[] pdf = PosturePdf.write(report, lab.identity());
        String body = EvidencePack.signedBody(lab.identity().odsCode(), report.takenAt(), signer.key().fingerprint(), json, pdf);
        EvidencePack pack = new EvidencePack(report.takenAt(), json, pdf, signer.sign(body));
        log.append(by.logName(), NewEvent.of("posture-evidence-pack",
                new EvidencePackMade(EvidencePack.sha256(json), EvidencePack.sha256(pdf), signer.key().fingerprint())));
        return pack;
    }

    /** The posture is this lab's: a person of another organisation (a partner lab's manager) is refused whatever their role. */
    private void requireHere(Actor by, Actor.Role... roles) {
        requireOfThisLab(lab, by, "The security posture", roles);
    }

    /**
     * {@code by} has one of the roles and is of this lab (or is PathGuard itself): a partner lab's people, whatever their
     * role, see none of this lab's posture or what it rests on.
     */
    static void requireOfThisLab(ThisLab lab, Actor by, String what, Actor.Role... roles) {
        by.require(roles);
        if (by.role() != Actor.Role.SYSTEM && !lab.identity().odsCode().equals(by.organisation())) {
            throw new ForbiddenAction(what + " is " + lab.identity().name() + "'s; your account is with another organisation");
        }
    }

    private Map<String, Attestation> latestAttestations() {
        Map<String, Attestation> latest = new LinkedHashMap<>();
        db.sql("""
                        select distinct on (indicator_id) * from posture_attestation order by indicator_id, sequence desc""")
                .query((rs, n) -> new Attestation(rs.getString("indicator_id"), rs.getString("evidence"), rs.getString("statement"),
                        rs.getString("attested_by"), rs.getTimestamp("attested_at").toInstant()))
                .list().forEach(a -> latest.put(a.indicatorId(), a));
        return latest;
    }

    /** A probe that fails says why as NOT_ACHIEVED: a posture that hides a broken probe would read as fine. */
    private static Reading take(Probe probe, Instant now) {
        try {
            return probe.take(now);
        } catch (RuntimeException e) {
            return new Reading(probe.indicator(), Rating.NOT_ACHIEVED, "The probe could not look: " + e.getClass().getSimpleName(),
                    List.of(), now);
        }
    }
}

package org.pathguard.posture;

import org.pathguard.crypto.Keyring;
import org.pathguard.keys.KeyRotations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B3.c: how old each keyset's primary key is, from the lab's record of rotations (KeyRotated events); a keyset never
 * rotated counts from the lab's first event. Period: {@code pathguard.posture.key-max-age} (default a year).
 */
@Component
class KeyAgeProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b3c-key-ages", CafOutcome.B3_C,
            "Every key that protects stored data has been rotated within the lab's period", Indicator.Kind.AUTOMATED);
    private static final List<String> KEYSETS = List.of("DATA", "INDEX", "CHECKPOINT", "MASTER");

    private final KeyRotations rotations;
    private final Keyring keyring;
    private final Duration maxAge;

    KeyAgeProbe(KeyRotations rotations, Keyring keyring, @Value("${pathguard.posture.key-max-age:P365D}") Duration maxAge) {
        this.rotations = rotations;
        this.keyring = keyring;
        this.maxAge = maxAge;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        Instant labStarted = rotations.firstEventAt().orElse(now);
        Map<String, KeyRotations.Rotation> latest = new LinkedHashMap<>();
        rotations.latest().forEach(r -> latest.put(r.keyset(), r));
        Map<String, Instant> madeAt = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        for (String keyset : KEYSETS) {
            KeyRotations.Rotation rotation = latest.get(keyset);
            Instant at = rotation == null ? labStarted : rotation.at();
            madeAt.put(keyset, at);
            evidence.add(new Evidence(keyset.toLowerCase() + " key", rotation == null
                    ? "never rotated; in use since the lab began (" + KeyAges.days(Duration.between(at, now)) + ")"
                    : "rotated " + at + " by " + rotation.operator() + " (" + KeyAges.days(Duration.between(at, now)) + " ago)"));
        }
        keyring.summaries().forEach(s -> evidence.add(new Evidence(s.kind().name().toLowerCase() + " keyset",
                "primary key " + s.primaryKeyId() + ", " + s.keys() + (s.keys() == 1 ? " key" : " keys") + " kept")));
        evidence.add(new Evidence("rotation period", KeyAges.days(maxAge)));
        KeyAges ages = new KeyAges(madeAt, maxAge);
        return new Reading(INDICATOR, ages.rating(now), ages.finding(now), evidence, now);
    }
}

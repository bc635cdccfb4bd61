package org.pathguard.patient;

import org.pathguard.access.Actor;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes the blind indexes a breach scan matches by (family name with date of birth, family name with given name, and
 * the hospital number's shape) for patients registered before they existed (ADR 0044). New registrations and
 * corrections make their own. Each batch is one {@link BreachIndexBuilt} event carrying the indexes, never the values.
 */
@Service
public class BreachIndexes {

    /** Patients decrypted and indexed per event: a transaction's worth, and a bounded amount in memory at once. */
    static final int BATCH = 1000;
    private static final String STREAM = "breach-index";

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;

    BreachIndexes(EventLog log, JdbcClient db, FieldCipher cipher, BlindIndex index) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.index = index;
    }

    /**
     * What a run did: patients indexed now, patients that had their indexes already, and every hospital-number shape
     * the registry now holds with its count of patients.
     */
    public record Built(int indexed, long alreadyIndexed, Map<String, Integer> shapes) {
    }

    /** Indexes every patient (not merged) still without the indexes, in batches; running it again indexes nobody. */
    public Built build(Actor actor) {
        actor.require(Actor.Role.SYSTEM);
        long already = db.sql("select count(*) from patient where merged_into is null and family_birth_index is not null")
                .query(Long.class).single();
        int indexed = 0;
        // Keyset paging by id, from the all-zero id (the least in PostgreSQL's bytewise order): each batch starts after
        // the last, so the run ends even if a patient were left unindexed.
        UUID after = new UUID(0, 0);
        while (true) {
            List<BreachIndexBuilt.Indexed> batch = new ArrayList<>(BATCH);
            for (Sealed row : unindexed(after)) {
                Patient p = cipher.openJson(row.demographics(), PatientProjection.demographicsBinding(row.id()), Patient.class);
                batch.add(new BreachIndexBuilt.Indexed(row.id(), PatientProjection.familyBirthIndex(index, p.familyName(), p.dateOfBirth()),
                        PatientProjection.nameIndex(index, p.familyName(), p.givenName()),
                        PatientProjection.hospitalNumberShape(p.hospitalNumber())));
                after = row.id();
            }
            if (batch.isEmpty()) {
                break;
            }
            log.append(actor.logName(), NewEvent.of(STREAM, new BreachIndexBuilt(batch)));
            indexed += batch.size();
        }
        Map<String, Integer> shapes = new LinkedHashMap<>();
        db.sql("""
                        select hospital_shape, count(*) from patient where hospital_shape is not null and merged_into is null
                        group by hospital_shape order by count(*) desc, hospital_shape""")
                .query((rs, n) -> shapes.put(rs.getString(1), rs.getInt(2))).list();
        return new Built(indexed, already, shapes);
    }

    private record Sealed(UUID id, byte[] demographics) {
    }

    private List<Sealed> unindexed(UUID after) {
        return db.sql("""
                        select id, demographics from patient
                        where merged_into is null and family_birth_index is null and id > ?
                        order by id limit ?""")
                .param(after).param(BATCH)
                .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getBytes(2))).list();
    }
}

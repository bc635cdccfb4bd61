package org.pathguard.breach;

import org.pathguard.crypto.BlindIndex;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.BitSet;
import java.util.UUID;

/** Loads the registry's blind indexes into a {@link PatientMatcher} in one pass over the patient table. */
@Component
class RegistryIndexes {

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final BlindIndex index;

    RegistryIndexes(DataSource dataSource, TransactionTemplate transactions, BlindIndex index) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.index = index;
    }

    /**
     * Every patient not merged into another, with the indexes they have; a merged record has none to be found by. Rows
     * are read through a cursor (a read-only transaction with a fetch size), so only the arrays grow with the registry.
     */
    PatientMatcher load() {
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(10_000);
        Ids ids = new Ids();
        Growing nhs = new Growing();
        Growing hospital = new Growing();
        Growing familyBirth = new Growing();
        Growing name = new Growing();
        BitSet test = new BitSet();
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            cursor.query("""
                    select id, nhs_index, hospital_index, family_birth_index, name_index, test_patient
                    from patient where merged_into is null""", rs -> {
                int patient = ids.add(rs.getObject(1, UUID.class));
                nhs.add(rs.getBytes(2), patient);
                hospital.add(rs.getBytes(3), patient);
                familyBirth.add(rs.getBytes(4), patient);
                name.add(rs.getBytes(5), patient);
                if (rs.getBoolean(6)) {
                    test.set(patient);
                }
            });
        });
        return new PatientMatcher(index, Arrays.copyOf(ids.high, ids.size), Arrays.copyOf(ids.low, ids.size), test,
                nhs.table(), hospital.table(), familyBirth.table(), name.table());
    }

    /** Patients' ids as two longs each, numbered in the order read. */
    private static final class Ids {
        long[] high = new long[1024];
        long[] low = new long[1024];
        int size;

        int add(UUID id) {
            if (size == high.length) {
                high = Arrays.copyOf(high, size * 2);
                low = Arrays.copyOf(low, size * 2);
            }
            high[size] = id.getMostSignificantBits();
            low[size] = id.getLeastSignificantBits();
            return size++;
        }
    }

    /** One index's keys beside their patients, growing as rows arrive. */
    private static final class Growing {
        long[] keys = new long[1024];
        int[] patients = new int[1024];
        int size;

        void add(byte[] blindIndex, int patient) {
            if (blindIndex != null) {
                add(PatientMatcher.key(blindIndex), patient);
            }
        }

        void add(long key, int patient) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                patients = Arrays.copyOf(patients, size * 2);
            }
            keys[size] = key;
            patients[size++] = patient;
        }

        PatientMatcher.Table table() {
            return new PatientMatcher.Table(keys, patients, size);
        }
    }
}

package org.pathguard.breach;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shapes of the lab's hospital numbers the scan looks for ("LLDDDDDD": L a letter, D a digit): those the registry
 * holds (patient.hospital_shape, written at registration and correction and by {@code breach index}) and any configured in
 * {@code pathguard.breach.hospital-number-shapes} (comma-separated), for numbers issued in a shape no registered patient
 * has yet, or before the registry was indexed.
 */
@Component
public class HospitalNumberShapes {

    /** As the registry accepts hospital numbers: 4 to 20 letters or digits. */
    private static final Pattern SHAPE = Pattern.compile("[LD]{4,20}");

    private final JdbcClient db;
    private final Set<String> configured;

    HospitalNumberShapes(JdbcClient db, @Value("${pathguard.breach.hospital-number-shapes:}") List<String> configured) {
        this.db = db;
        Set<String> shapes = new TreeSet<>();
        for (String shape : configured) {
            String s = shape.trim().toUpperCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (!SHAPE.matcher(s).matches()) {
                throw new IllegalStateException("pathguard.breach.hospital-number-shapes: \"" + shape + "\" is not a shape: "
                        + "write 4 to 20 of L (a letter) and D (a digit), e.g. LLDDDDDD for RX123456");
            }
            shapes.add(s);
        }
        this.configured = Set.copyOf(shapes);
    }

    /** The shapes held by at least one patient not merged, and the configured ones. */
    public Set<String> shapes() {
        Set<String> shapes = new TreeSet<>(configured);
        shapes.addAll(db.sql("select distinct hospital_shape from patient where hospital_shape is not null and merged_into is null")
                .query(String.class).list());
        return Set.copyOf(shapes);
    }
}

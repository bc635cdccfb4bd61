package org.pathguard.breach;

import org.pathguard.breach.detect.Vocabulary;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.result.ThisLab;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the detector is told of this lab, none of it a patient's: the catalogue's test and analyte names and codes and
 * its units, the shapes of the registry's hospital numbers, and the organisation codes the lab deals with (its
 * requesters, its partner labs and itself).
 */
@Component
class ScanVocabulary {

    private final Catalogue catalogue;
    private final HospitalNumberShapes shapes;
    private final JdbcClient db;
    private final ThisLab lab;

    ScanVocabulary(Catalogue catalogue, HospitalNumberShapes shapes, JdbcClient db, ThisLab lab) {
        this.catalogue = catalogue;
        this.shapes = shapes;
        this.db = db;
        this.lab = lab;
    }

    Vocabulary now() {
        Set<String> tests = new TreeSet<>();
        Set<String> units = new TreeSet<>();
        for (LabTest t : catalogue.tests()) {
            tests.add(t.code());
            tests.add(t.name());
        }
        for (Analyte a : catalogue.analytes()) {
            tests.add(a.code());
            tests.add(a.name());
            if (a.unit() != null && !a.unit().isBlank()) {
                units.add(a.unit());
            }
        }
        Set<String> ods = new TreeSet<>(db.sql("""
                select requester_ods from lab_order union select ods_code from partner_agreement""").query(String.class).list());
        ods.add(lab.identity().odsCode());
        return new Vocabulary(Set.copyOf(tests), Set.copyOf(units), shapes.shapes(), Set.copyOf(ods));
    }
}

package org.pathguard.ui;

import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A specimen as the bench checks it against its label: the patient's identifiers, the request and
 * the tests this container is for. Callers pass the read gate for the specimen first.
 */
record SpecimenView(Specimen specimen, LabOrder order, Patient patient, String specimenTypeName, List<LabTest> tests) {

    @Component
    static class Loader {

        private final SpecimenReception reception;
        private final OrderDesk orders;
        private final PatientRegistry patients;
        private final Catalogue catalogue;

        Loader(SpecimenReception reception, OrderDesk orders, PatientRegistry patients, Catalogue catalogue) {
            this.reception = reception;
            this.orders = orders;
            this.patients = patients;
            this.catalogue = catalogue;
        }

        SpecimenView load(String barcode) {
            Specimen specimen = reception.byBarcode(barcode);
            LabOrder order = orders.byId(specimen.orderId());
            List<LabTest> tests = order.tests().stream().map(catalogue::test)
                    .filter(t -> t.specimenType().equals(specimen.specimenType())).toList();
            return new SpecimenView(specimen, order, patients.get(order.patientId()),
                    catalogue.specimenType(specimen.specimenType()).name(), tests);
        }
    }
}

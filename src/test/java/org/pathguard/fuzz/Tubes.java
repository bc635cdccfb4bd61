package org.pathguard.fuzz;

import org.pathguard.Api;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Lab records for fuzz inputs to refer to: a new patient with an order for most of the catalogue and
 * two tubes, serum and EDTA, placed through the API, and received when the inputs record results.
 * An accepted input may use them up (a tube is received once, an analyte resulted once per tube), so
 * the targets place new ones after an acceptance.
 */
record Tubes(String nhsNumber, String patientId, String accession, String serum, String edta) {

    /** The requester of fuzzed orders: no result route is configured for it, so released reports stay in the lab. */
    static final String REQUESTER = "FUZZ01";

    static Tubes place(Api lab, boolean received) {
        String nhsNumber = Api.newNhsNumber();
        String patientId = created(lab.post("/api/patients", Map.of("nhsNumber", nhsNumber, "familyName", "Fuzz",
                "givenName", "Tube", "dateOfBirth", "1970-01-01", "sex", "FEMALE", "postcode", "SE5 9RS"))).get("id").asString();
        String serum = Api.unique("FS");
        String edta = Api.unique("FE");
        String accession = created(lab.post("/api/orders", Map.of("patientId", patientId, "requesterOds", REQUESTER,
                "clinician", "Dr Fuzz", "priority", "ROUTINE",
                "tests", List.of("UE", "LFT", "CRP", "TFT", "LIPID", "BONE", "FBC", "HBA1C"),
                "specimens", List.of(Map.of("barcode", serum, "specimenType", "SER"), Map.of("barcode", edta, "specimenType", "EDTA")))))
                .get("accession").asString();
        if (received) {
            for (String barcode : List.of(serum, edta)) {
                Api.Response receipt = lab.post("/api/specimens/" + barcode + "/receipt", Map.of());
                if (receipt.status() != 200) {
                    throw new IllegalStateException("Could not receive a fixture tube: " + receipt.body());
                }
            }
        }
        return new Tubes(nhsNumber, patientId, accession, serum, edta);
    }

    private static JsonNode created(Api.Response response) {
        if (response.status() != 201) {
            throw new IllegalStateException("Could not set up fixture records: " + response.body());
        }
        return response.json();
    }
}

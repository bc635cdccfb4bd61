package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.report.Report;
import org.pathguard.report.Reports;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** DiagnosticReport: an order's released report (its latest version); read and search by patient, status, category and date. */
@Component
class DiagnosticReportEndpoint implements IResourceProvider {

    private final Reports reports;
    private final OrderDesk orders;
    private final Results results;
    private final SpecimenReception specimens;
    private final FhirRequests requests;
    private final LabResources resources;

    DiagnosticReportEndpoint(Reports reports, OrderDesk orders, Results results, SpecimenReception specimens,
                             FhirRequests requests, LabResources resources) {
        this.reports = reports;
        this.orders = orders;
        this.results = results;
        this.specimens = specimens;
        this.requests = requests;
        this.resources = resources;
    }

    @Override
    public Class<DiagnosticReport> getResourceType() {
        return DiagnosticReport.class;
    }

    @Read
    public DiagnosticReport read(@IdParam IdType id, RequestDetails details) {
        UUID orderId = FhirRequests.id(id.getIdPart(), "DiagnosticReport");
        requests.reads().orderId(FhirRequests.actor(details), orderId, "DiagnosticReport");
        return report(orders.byId(orderId))
                .orElseThrow(() -> new ResourceNotFoundException("DiagnosticReport/" + id.getIdPart() + " is not released"));
    }

    @Search
    public List<DiagnosticReport> search(@OptionalParam(name = DiagnosticReport.SP_PATIENT) ReferenceParam patient,
                                         @OptionalParam(name = DiagnosticReport.SP_SUBJECT) ReferenceParam subject,
                                         @OptionalParam(name = DiagnosticReport.SP_STATUS) TokenParam status,
                                         @OptionalParam(name = DiagnosticReport.SP_CATEGORY) TokenParam category,
                                         @OptionalParam(name = DiagnosticReport.SP_DATE) DateRangeParam date,
                                         RequestDetails details) {
        FhirRequests.actor(details);
        if (!FhirRequests.matches(category, UkCore.V2_0074, "LAB")) {
            return List.of();
        }
        List<DiagnosticReport> found = new ArrayList<>();
        requests.readablePatient(details, patient, subject, "DiagnosticReport").ifPresent(patientId -> {
            for (LabOrder order : orders.forPatient(patientId)) {
                report(order).filter(d -> FhirRequests.matches(status, null, d.getStatus().toCode()))
                        .filter(d -> FhirRequests.within(date, d.getIssued().toInstant()))
                        .ifPresent(found::add);
            }
        });
        return found;
    }

    private Optional<DiagnosticReport> report(LabOrder order) {
        List<Report> versions = reports.versions(order.id());
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Map<String, UUID> resultIds = results.forOrder(order.id()).stream().filter(LabResources::reportable)
                .collect(Collectors.toMap(LabResult::analyteCode, LabResult::id, (a, b) -> b));
        return Optional.of(resources.diagnosticReport(versions.getLast(), order, specimens.forOrder(order.id()), resultIds));
    }

}

package org.pathguard.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.access.ReadBudgetExceeded;
import org.pathguard.access.ReadRefused;
import org.pathguard.access.UnidentifiedActor;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.web.RequestTooLarge;
import org.pathguard.web.UnstorableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** HAPI's plain RESTful server under /fhir, with the lab's endpoints and errors as OperationOutcomes. */
@Configuration
class FhirServer {

    private static final Logger log = LoggerFactory.getLogger(FhirServer.class);
    private static final String UNREADABLE_BODY = "The body is not a valid FHIR R4 resource in JSON or XML";
    private static final String UNREADABLE_PARAMETER = "A search parameter's value cannot be read: dates are written 2025-03-14 "
            + "or 2025-03-14T09:30:00Z, optionally after a prefix such as ge or le; codes as system|code";

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(List<IResourceProvider> endpoints, OrderDoor transaction,
                                                      @Value("${pathguard.mode:lab}") String mode) {
        // Its own context: the strict parser (unknown elements are errors) must not leak into other users of HAPI.
        FhirContext context = FhirContext.forR4();
        context.setParserErrorHandler(new StrictErrorHandler());
        // Every resource the lab writes names its references by id and adds its contained ones itself, so the encoder's
        // search for references to contain (a walk of every element of every response) can find nothing: about a third
        // of each answer's encoding time.
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        RestfulServer server = new StrictServer(context);
        server.setServerName("PathGuard");
        server.setImplementationDescription("PathGuard pathology LIS: UK Core Patient, ServiceRequest-Lab, Specimen, "
                + "Observation-Lab and DiagnosticReport-Lab; released results only");
        // The router keeps no lab records: it takes orders only.
        server.setResourceProviders("router".equals(mode) ? List.of() : endpoints);
        server.registerProvider(transaction);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.registerInterceptor(new ErrorOutcomes());
        server.registerInterceptor(new UkCoreCapabilities());
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** The CapabilityStatement names the UK Core profile each resource type is served in. */
    static final class UkCoreCapabilities {

        private static final java.util.Map<String, String> PROFILES = java.util.Map.of(
                "Patient", UkCore.PATIENT, "ServiceRequest", UkCore.SERVICE_REQUEST_LAB, "Specimen", UkCore.SPECIMEN,
                "Observation", UkCore.OBSERVATION_LAB, "DiagnosticReport", UkCore.DIAGNOSTIC_REPORT_LAB);

        @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
        public void declare(org.hl7.fhir.instance.model.api.IBaseConformance generated) {
            CapabilityStatement capabilities = (CapabilityStatement) generated;
            capabilities.setName("PathGuard").setPublisher("PathGuard pathology LIS");
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : capabilities.getRestFirstRep().getResource()) {
                String profile = PROFILES.get(resource.getType());
                if (profile != null) {
                    resource.addSupportedProfile(profile);
                }
            }
        }
    }

    /**
     * Refuses, before any handler runs, what the endpoints cannot honour. Checked here rather than in an interceptor
     * hook: HAPI logs every exception a hook throws at ERROR with its stack, and a malformed request is not an error of
     * ours.
     */
    static final class StrictServer extends RestfulServer {

        /** The only qualified search parameters the endpoints read: a patient by NHS number, or a reference typed Patient. */
        private static final Set<String> QUALIFIED = Set.of("patient:identifier", "subject:identifier", "patient.identifier",
                "subject.identifier", "patient:Patient", "subject:Patient");

        StrictServer(FhirContext context) {
            super(context);
        }

        @Override
        protected void validateRequest(ServletRequestDetails request) {
            super.validateRequest(request);
            for (String name : request.getParameters().keySet()) {
                // FHIR: a server SHALL reject a search parameter with a modifier it does not support (:missing, :exact...).
                if ((name.indexOf(':') >= 0 || name.indexOf('.') >= 0) && !QUALIFIED.contains(name)) {
                    throw new InvalidRequestException("'" + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "' is not supported: searches "
                            + "name one patient (patient=Patient/ID, subject=Patient/ID or subject:identifier=" + UkCore.NHS_NUMBER
                            + "|NHS-NUMBER) and take no other modifiers or chains; see /fhir/metadata");
                }
            }
            NumberLimit.check(request);
        }
    }

    /**
     * HAPI's JSON parser writes every number out in full (BigDecimal.toPlainString), so a 14-byte 1e-999999999 would
     * become a billion-character string and exhaust the heap. A body with a number that long when written out is
     * refused before HAPI parses it.
     */
    static final class NumberLimit {

        private static final int MAX_DIGITS = 1000;
        /** As lenient as can be, so that it reads whatever HAPI's parser reads (single quotes, leading plus signs...). */
        private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.values()).build();

        private NumberLimit() {
        }

        static void check(RequestDetails request) {
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                return; // a POST _search: its parameters, not a resource
            }
            byte[] body = request.loadRequestContents();
            if (body == null || body.length == 0) {
                return;
            }
            try (JsonParser json = JSON.createParser(body)) {
                for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                    if (token == JsonToken.VALUE_NUMBER_FLOAT && Math.abs((long) json.getDecimalValue().scale()) > MAX_DIGITS) {
                        throw new InvalidRequestException("A number in the body has more than " + MAX_DIGITS
                                + " digits when written out (FHIR decimals have at most 18)");
                    }
                }
            } catch (JacksonException | NumberFormatException unreadable) {
                // XML is HAPI's to read (its numbers are text there); JSON, or a number, that this lenient parser cannot
                // read is refused rather than left to HAPI's.
                if (!xml(body)) {
                    throw new InvalidRequestException(UNREADABLE_BODY);
                }
            }
        }

        private static boolean xml(byte[] body) {
            String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
            return start.startsWith("<");
        }
    }

    /**
     * The lab's own exceptions as FHIR errors (HAPI answers with an OperationOutcome). Messages are
     * ours; anything unexpected becomes a 500 that names an incident, never the exception's text.
     */
    static final class ErrorOutcomes {

        @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
        public BaseServerResponseException translate(RequestDetails request, Throwable thrown,
                                                     HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
            // HAPI wraps what a provider throws (InternalErrorException, InvocationTargetException): find ours.
            Throwable e = thrown;
            while ((e instanceof InternalErrorException || e instanceof java.lang.reflect.InvocationTargetException)
                    && e.getCause() != null) {
                e = e.getCause();
            }
            return switch (e) {
                case LabRuleViolation v -> new UnprocessableEntityException(v.getMessage() + " [" + v.code() + "]");
                case NotFound n -> new ResourceNotFoundException(n.getMessage());
                case Conflict c -> new ResourceVersionConflictException(c.getMessage());
                case DataIntegrityViolationException d when UnstorableText.causedBy(d) ->
                        new UnprocessableEntityException(UnstorableText.MESSAGE);
                case DataIntegrityViolationException d -> new ResourceVersionConflictException(
                        "The request clashes with a record made at the same time; retry it");
                case ForbiddenAction f -> new ForbiddenOperationException(f.getMessage());
                case ReadBudgetExceeded b -> new BaseServerResponseException(429, b.getMessage()) {
                };
                case ReadRefused r -> new ForbiddenOperationException(r.getMessage());
                case UnidentifiedActor u -> new AuthenticationException(u.getMessage());
                case DataFormatException d -> new InvalidRequestException(searching(request) ? UNREADABLE_PARAMETER : UNREADABLE_BODY);
                case BaseServerResponseException fhir -> fhir;
                default -> tooLargeMalformedOrInternal(e);
            };
        }

        private static BaseServerResponseException tooLargeMalformedOrInternal(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestTooLarge) {
                    return new PayloadTooLargeException(cause.getMessage());
                }
            }
            if (thrownWhileParsing(e)) {
                return new InvalidRequestException(UNREADABLE_BODY);
            }
            if (e instanceof InvalidParameterException || e instanceof IllegalArgumentException && thrownBy(e, "ca.uhn.fhir.util.UrlUtil")) {
                return new InvalidRequestException("The search parameters are not correctly percent-encoded: a % must be "
                        + "followed by two hexadecimal digits (| is %7C)");
            }
            String incident = UUID.randomUUID().toString();
            log.error("Unexpected FHIR failure, incident {}: {}", incident, e.getClass().getName());
            return new InternalErrorException("Something went wrong on our side; quote incident " + incident + " to support");
        }

        /** A search (GET, or POST _search) has no resource body: what HAPI could not read was a parameter's value. */
        private static boolean searching(RequestDetails request) {
            return request != null && (request.getRequestType() == RequestTypeEnum.GET
                    || request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE);
        }

        /**
         * HAPI's parser fails on some malformed bodies with a bare runtime exception instead of a DataFormatException: in
         * HAPI FHIR 8.8 an empty member name ({@code "": 1}) is a StringIndexOutOfBoundsException, an empty
         * {@code resourceType} inside a Bundle an IllegalArgumentException.
         */
        private static boolean thrownWhileParsing(Throwable e) {
            return Arrays.stream(e.getStackTrace()).anyMatch(frame ->
                    frame.getClassName().startsWith("ca.uhn.fhir.parser.") && frame.getMethodName().startsWith("parse"));
        }

        /**
         * A bad %-escape: HAPI decodes a query itself (UrlUtil.unescape) and fails with a bare IllegalArgumentException;
         * Tomcat, decoding a form body, with its InvalidParameterException.
         */
        private static boolean thrownBy(Throwable e, String className) {
            return Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(className));
        }
    }
}

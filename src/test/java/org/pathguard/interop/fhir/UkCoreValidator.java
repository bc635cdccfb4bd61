package org.pathguard.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * HAPI's validator loaded with the UK Core 2.0.0 package from ../shared/fhir/ukcore, offline: no
 * terminology server, so SNOMED CT and LOINC codes are unchecked (warnings), while UK Core, HL7 and
 * UCUM codes are checked. Reference targets are type-checked but not resolved (each resource is
 * validated on its own). Built once per test JVM: the first validation takes several seconds.
 */
final class UkCoreValidator {

    private static UkCoreValidator instance;

    private final FhirValidator validator;

    private UkCoreValidator(FhirValidator validator) {
        this.validator = validator;
    }

    static synchronized UkCoreValidator get() {
        if (instance == null) {
            instance = load(FhirContext.forR4Cached(), Path.of(System.getProperty("ukcore.dir", "../shared/fhir/ukcore")));
        }
        return instance;
    }

    private static UkCoreValidator load(FhirContext context, Path ukCore) {
        IParser parser = context.newXmlParser().setParserErrorHandler(new StrictErrorHandler());
        PrePopulatedValidationSupport profiles = new PrePopulatedValidationSupport(context);
        read(parser, ukCore.resolve("structuredefinitions")).forEach(r -> profiles.addStructureDefinition((StructureDefinition) r));
        read(parser, ukCore.resolve("valuesets")).forEach(r -> profiles.addValueSet((ValueSet) r));
        read(parser, ukCore.resolve("codesystems")).forEach(r -> profiles.addCodeSystem((CodeSystem) r));
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(context), profiles,
                new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setErrorForUnknownProfiles(true);
        instanceValidator.setAssumeValidRestReferences(true);
        FhirValidator validator = context.newValidator();
        validator.registerValidatorModule(instanceValidator);
        return new UkCoreValidator(validator);
    }

    /** ERROR and FATAL messages; empty means the resource conforms to the profiles it declares. */
    List<String> errors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .filter(m -> !isObservationLabSlicingDefect(m))
                .map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    /**
     * UKCore-Observation-Lab 2.0.1 slices code.coding into two slices of the same type, so every
     * coding matches both; UK Core's own examples fail the same way. Only that exact message is excused.
     */
    private static boolean isObservationLabSlicingDefect(SingleValidationMessage m) {
        return "Validation_VAL_Profile_MatchMultiple".equals(m.getMessageId())
                && m.getLocationString() != null && m.getLocationString().matches(".*code\\.coding\\[\\d+]$")
                && m.getMessage().contains("UKCore-Observation-Lab|2.0.1") && m.getMessage().contains("valueset-PaLM, valueset-PBCL");
    }

    private static List<IBaseResource> read(IParser parser, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().map(f -> {
                try (Reader reader = Files.newBufferedReader(f)) {
                    return parser.parseResource(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(IBaseResource.class::cast).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("UK Core profiles not found at " + folder + " (set -Dukcore.dir)", e);
        }
    }
}

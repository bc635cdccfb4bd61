package org.pathguard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package boundaries the design brief asks for, checked on every build. */
@AnalyzeClasses(packages = "org.pathguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Lab rules (NHS number, ranges, autoverification, turnaround) are plain Java. */
    @ArchTest
    static final ArchRule labRulesArePlainJava = classes().that().resideInAPackage("org.pathguard.lab..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pathguard.lab..", "java..");

    /** The Westgard rules, and which earlier runs count, judge a QC run in plain Java: tested without Spring or a database. */
    @ArchTest
    static final ArchRule westgardIsPlainJava = classes().that().haveNameMatching("org\\.pathguard\\.qc\\.(Westgard|QcPoint|WestgardRule|QcHistory)(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.qc\\.(Westgard|QcPoint|WestgardRule|QcHistory)(\\$.*)?;?)");

    /**
     * Quality control sits below patient results: results ask it whether an analyte on an analyser is in control,
     * and it reaches results only through its own interfaces (AnalyserResults, LookBackDetails) that they implement.
     */
    @ArchTest
    static final ArchRule qualityControlKnowsNoPatientResults = noClasses().that().resideInAPackage("org.pathguard.qc..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.result..", "org.pathguard.report..",
                    "org.pathguard.specimen..", "org.pathguard.order..", "org.pathguard.patient..", "org.pathguard.network..",
                    "org.pathguard.interop..", "org.pathguard.ui..");

    /**
     * The network's screens read the router's services, which exist only in router mode; a screen that did so in a lab
     * would stop the lab from starting, so each (with the records nested in it) belongs to a router-mode bean.
     */
    @ArchTest
    static final ArchRule networkScreensExistOnlyAtTheRouter = classes().that().resideInAPackage("org.pathguard.ui..")
            .and(com.tngtech.archunit.base.DescribedPredicate.describe("read the router's services",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getDirectDependenciesFromSelf().stream()
                            .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.pathguard.router"))))
            .should(com.tngtech.archunit.lang.conditions.ArchConditions.be(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "part of a router-mode bean (@ConditionalOnProperty pathguard.mode=router)",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> {
                        com.tngtech.archunit.core.domain.JavaClass top = c;
                        while (top.getEnclosingClass().isPresent()) {
                            top = top.getEnclosingClass().get();
                        }
                        return top.isAnnotatedWith(org.springframework.boot.autoconfigure.condition.ConditionalOnProperty.class);
                    })));

    /**
     * A breach scan matches by blind index and never decrypts a patient (ADR 0045): its outputs and event are
     * pseudonymous, and names for notifying people leave only through the identifiable export with a second person.
     */
    @ArchTest
    static final ArchRule breachScanNeverDecryptsPatients = noClasses().that().resideInAPackage("org.pathguard.breach..")
            .should().dependOnClassesThat().haveNameMatching("org\\.pathguard\\.(access\\.PatientReads|patient\\.(PatientRegistry|PatientSearch|PatientRecords|Patient))(\\$.*)?");

    /** The state of a tube in the sample account (awaiting, received, ... needs re-bleed) is a rule in plain Java, tested without a database. */
    @ArchTest
    static final ArchRule tubeStateIsPlainJava = classes().that().haveNameMatching("org\\.pathguard\\.tracking\\.(TubeFacts|TubeState)(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.(lab\\..*|tracking\\.(TubeFacts|TubeState)(\\$.*)?));?");

    /** A fallen lab's requests are triaged in plain Java: the router and the outage simulation call the same rule. */
    @ArchTest
    static final ArchRule routingPolicyIsPlainJava = classes().that().resideInAPackage("org.pathguard.routing..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pathguard.routing..", "org.pathguard.lab..", "java..");

    /**
     * The outage simulation runs without Spring or a database, on the routing policy itself (never a copy): plain Java,
     * Jackson for its scenario file, Java2D and ImageIO (java.awt, javax.imageio) for its PNG chart.
     */
    @ArchTest
    static final ArchRule simulationRunsOnTheRoutingPolicyAlone = classes().that().resideInAPackage("org.pathguard.simulation..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pathguard.simulation..", "org.pathguard.routing..",
                    "org.pathguard.lab..", "java..", "javax.imageio..", "tools.jackson..");

    /**
     * The network router passes messages between requesters and labs: it keeps no patient record and uses none of a
     * lab's clinical services, so a router holds what it was sent, sealed, and nothing it could be asked to look up.
     */
    @ArchTest
    static final ArchRule routerHoldsNoPatientRecords = noClasses().that().resideInAPackage("org.pathguard.router..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.patient..", "org.pathguard.order..",
                    "org.pathguard.result..", "org.pathguard.report..", "org.pathguard.specimen..", "org.pathguard.network..");

    /**
     * A lab never calls the router's code: the two meet only over MLLP, as separate deployments would. The router's own
     * screens are in {@code ui}, and only in router mode ({@link #networkScreensExistOnlyAtTheRouter}). The demo network
     * and the router benchmark, like the command line, wire a router and labs together in one JVM as their operators
     * would (the directory through its services, declarations by the network manager), and nothing else may.
     */
    @ArchTest
    static final ArchRule labsKnowTheRouterOnlyByMessages = noClasses().that().resideOutsideOfPackages("org.pathguard.router..",
                    "org.pathguard.cli..", "org.pathguard.ui..")
            .and().haveNameNotMatching("org\\.pathguard\\.(demo\\.(DemoNetwork|NetworkDay|NetworkRun)|bench\\.RouterBenchmark)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("org.pathguard.router..");

    /** Who may read what, and what looks like scraping, are plain Java too. */
    @ArchTest
    static final ArchRule readRulesArePlainJava = classes().that().haveSimpleName("ReadPolicy").or().haveSimpleName("ReadBudget")
            .or().haveSimpleName("ReadingPatterns").or().haveSimpleName("Actor")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pathguard.access..", "org.pathguard.lab..", "java..");

    /** What may be corrected in a patient's record, and which two records may be merged, are plain Java too. */
    @ArchTest
    static final ArchRule recordChangeRulesArePlainJava = classes().that().haveNameMatching("org\\.pathguard\\.patient\\.RecordChanges(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.lab\\..*|org\\.pathguard\\.patient\\.(RecordChanges|Patient)(\\$.*)?;?)");

    /** The event log knows nothing of the lab: features depend on it, never the reverse. */
    @ArchTest
    static final ArchRule eventLogIsIndependentOfFeatures = noClasses().that().resideInAPackage("org.pathguard.eventlog..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.patient..", "org.pathguard.order..",
                    "org.pathguard.specimen..", "org.pathguard.result..", "org.pathguard.report..", "org.pathguard.web..");

    /**
     * Referral between labs is lab work, not a wire format: the HL7 interface and the screens use the network, and
     * the network knows nothing of them, so a partner speaking another standard changes no referral rule.
     */
    @ArchTest
    static final ArchRule networkKnowsNoInterface = noClasses().that().resideInAPackage("org.pathguard.network..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.interop..", "org.pathguard.ui..",
                    "org.pathguard.web..", "org.pathguard.cli..", "org.pathguard.bench..", "ca.uhn..");

    /**
     * A sitrep is counts and times, never a patient: it is made from the projections' plain columns (orders, tests,
     * tubes, referrals, reports, alerts), so it needs no patient record, no cipher and no read gate, and the roles that
     * may ask for it need no reason to read.
     */
    @ArchTest
    static final ArchRule sitrepReadsNoPatientData = noClasses().that().resideInAPackage("org.pathguard.sitrep..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.patient..", "org.pathguard.crypto..",
                    "org.pathguard.eventlog..")
            .orShould().dependOnClassesThat().haveSimpleName("PatientReads");

    /**
     * The breach scan's detection rules (breach.detect) are a leaf like lab: plain Java that depends on nothing of the
     * lab's above lab. The registry writes its names for a blind index by their rules (patient uses detect.Names), and
     * the scan above uses the registry and exports; a dependency on that leaf is no cycle with the scan.
     */
    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("org.pathguard.(*)..").should().beFreeOfCycles()
            .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.pathguard.breach.detect.."));

    /**
     * Keys rotate with the server stopped, from the command line only (ADR 0049): a running server keeps the keys it
     * opened, so a rotation under it would split the lab between two keys.
     */
    @ArchTest
    static final ArchRule onlyTheCommandLineRotatesKeys = noClasses().that().resideOutsideOfPackages("org.pathguard.cli..", "org.pathguard.crypto..")
            .should().callMethod(org.pathguard.crypto.Keyring.class, "rotate", org.pathguard.crypto.KeyStoreSettings.class,
                    org.pathguard.crypto.Keyring.Kind.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.pathguard.crypto.MasterRewrap");

    /** Only the command line and the benchmark write to the console; the server logs. */
    @ArchTest
    static final ArchRule noConsoleOutsideTheCommandLine = noClasses().that().resideOutsideOfPackages("org.pathguard.cli..", "org.pathguard.bench..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");

    /**
     * The screens read nothing themselves: no database, no cipher, no event log. Every patient's data
     * reaches a page through the same services, read gate, budgets and access log as the API.
     */
    @ArchTest
    static final ArchRule screensReadOnlyThroughTheLabsServices = noClasses().that().resideInAPackage("org.pathguard.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.crypto..", "org.pathguard.eventlog..",
                    "org.springframework.jdbc..", "java.sql..", "javax.sql..");

    /**
     * Every PDF prints in the fonts shipped with PathGuard and embedded in the file (ADR 0040): PDFBox's Standard 14
     * fonts draw Windows-1252 only, and printed "Łukasz" as "?ukasz".
     */
    @ArchTest
    static final ArchRule pdfsPrintInTheShippedFonts = noClasses()
            .should().dependOnClassesThat().haveNameMatching("org\\.apache\\.pdfbox\\.pdmodel\\.font\\.(Standard14Fonts|PDType1Font|PDTrueTypeFont)(\\$.*)?");

    /** The sitrep screen asks what the API asks (`sitrep.Sitreps`), never a source or its SQL directly. */
    @ArchTest
    static final ArchRule sitrepScreenAsksTheSitrepService = noClasses().that().resideInAPackage("org.pathguard.ui..")
            .should().dependOnClassesThat().haveNameMatching("org\\.pathguard\\.sitrep\\.(SitrepSource|LabSitreps)(\\$.*)?");

    /**
     * An incident is a state of the lab or the network, below everything that reports on it (the sitrep, the accounting of
     * samples, the screens): it holds no patient data and knows no feature above it, so any of them may ask it.
     */
    @ArchTest
    static final ArchRule incidentsKnowNoPatientsOrFeaturesAbove = noClasses().that().resideInAPackage("org.pathguard.incident..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pathguard.patient..", "org.pathguard.order..",
                    "org.pathguard.specimen..", "org.pathguard.report..", "org.pathguard.network..", "org.pathguard.router..",
                    "org.pathguard.interop..", "org.pathguard.ui..", "org.pathguard.sitrep..", "org.pathguard.export..");

    /** What the incident cell may record as a figure is plain Java: tested without Spring or a database. */
    @ArchTest
    static final ArchRule figureRulesArePlainJava = classes().that().haveNameMatching("org\\.pathguard\\.incident\\.FigureRules(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.lab\\..*|org\\.pathguard\\.incident\\.(FigureRules|FigureEntry|FigureKind)(\\$.*)?;?)");

    /** Which paths a breach scan may read on the server is a rule in plain Java, tested without a server (ADR 0046). */
    @ArchTest
    static final ArchRule scanRootsArePlainJava = classes().that().haveNameMatching("org\\.pathguard\\.breach\\.ScanRoots(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching(
                    "(\\[+L)?(java\\..*|org\\.pathguard\\.lab\\..*|org\\.pathguard\\.access\\.ForbiddenAction|org\\.pathguard\\.breach\\.ScanRoots(\\$.*)?);?");

    /**
     * The export register knows nothing of breach scans: a notification list is asked for by the scan's job with the
     * patients it confirmed, so no change to a scan can widen what an export lists (ADR 0046).
     */
    @ArchTest
    static final ArchRule exportsKnowNoBreachScan = noClasses().that().resideInAPackage("org.pathguard.export..")
            .should().dependOnClassesThat().resideInAPackage("org.pathguard.breach..");

    /**
     * Reading a leaked dump's files (ADR 0042) holds nothing of the lab's: no key, no event log, no patient, no
     * database; the formats Tika reads are read in the reader process, so no Tika class is ever on this side.
     */
    @ArchTest
    static final ArchRule dumpReadingHoldsNothingOfTheLabs = classes()
            .that().haveNameMatching("org\\.pathguard\\.breach\\.(DumpReading|PlainTextReading|ReaderProcesses)(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("\\[+[BCDFIJSZ]|(\\[+L)?(java\\..*|org\\.slf4j\\..*|org\\.springframework\\.(beans|stereotype|boot\\.system)\\..*"
                    + "|org\\.pathguard\\.breach\\.(DumpReading|PlainTextReading|ReaderProcesses|FileReading|DocumentVisitor)(\\$.*)?);?");

    /**
     * A breach scan's detection rules are plain Java (ADR 0043): tested without Spring, a database or the reader, and
     * run by the scan's workers on text alone. They know the lab only by its rules (lab..), never its registry.
     */
    @ArchTest
    static final ArchRule breachDetectionIsPlainJava = classes().that().resideInAPackage("org.pathguard.breach.detect..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pathguard.breach.detect..", "org.pathguard.lab..", "java..");

    /**
     * The security posture reads the feature packages through their public faces and none of them knows it (ADR 0047):
     * a feature that asked the posture would let a probe's failure or slowness reach the lab's work. Only the screens
     * and the command line show it.
     */
    @ArchTest
    static final ArchRule nothingDependsOnThePosture = noClasses().that().resideOutsideOfPackages("org.pathguard.posture..",
                    "org.pathguard.ui..", "org.pathguard.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.pathguard.posture..");

    /**
     * Posture's rules (a probe's thresholds, an attestation's checks and expiry), each a class named *Rules, are plain Java
     * on the posture's value types: tested both ways without Spring or a database.
     */
    @ArchTest
    static final ArchRule postureRulesArePlainJava = classes().that().haveNameMatching("org\\.pathguard\\.posture\\.\\w+Rules(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.lab\\..*|org\\.pathguard\\.posture\\."
                    + "(\\w+Rules|Reading|Indicator|Evidence|Rating|CafOutcome|OutcomeStatus|ManualIndicators|Attestation)(\\$.*)?);?");

    /**
     * When an account is dormant, what a break-glass finding needs, and the identity and monitoring indicators'
     * thresholds are plain Java (ADR 0050), tested both ways without Spring or a database.
     */
    @ArchTest
    static final ArchRule accountHygieneRulesArePlainJava = classes()
            .that().haveNameMatching("org\\.pathguard\\.(access\\.(Dormancy|BreakGlassOutcome)|posture\\.AccountRatings)(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.lab\\..*"
                    + "|org\\.pathguard\\.access\\.(Dormancy|BreakGlassOutcome)(\\$.*)?|org\\.pathguard\\.posture\\.(AccountRatings|Rating));?");

    /** How a restored copy's counts are judged against the live lab's is a rule in plain Java (ADR 0048). */
    @ArchTest
    static final ArchRule drillCountComparisonIsPlainJava = classes().that().haveNameMatching("org\\.pathguard\\.drill\\.CountComparison(\\$.*)?")
            .should().onlyDependOnClassesThat().haveNameMatching("(\\[+L)?(java\\..*|org\\.pathguard\\.drill\\.CountComparison(\\$.*)?);?");

    /**
     * A restore drill is driven from outside (the command, serve's schedule) and read by the posture; no feature
     * depends on it, so the scratch lab it starts can never be reached from a request (ADR 0048).
     */
    @ArchTest
    static final ArchRule onlyTheCommandsAndThePostureKnowTheDrill = noClasses().that().resideOutsideOfPackages("org.pathguard.drill..",
                    "org.pathguard.cli..", "org.pathguard.posture..")
            .should().dependOnClassesThat().resideInAPackage("org.pathguard.drill..");
}

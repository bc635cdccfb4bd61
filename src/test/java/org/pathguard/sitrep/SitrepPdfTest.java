package org.pathguard.sitrep;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;

import static org.assertj.core.api.Assertions.assertThat;

/** The sitrep's PDF, read back with PDFBox's text extraction as a reader's tools would. */
class SitrepPdfTest {

    static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);
    static final String LAB = "Łódź–Dvořák Pathologie (Ősz Erdős)";
    static final String TRUST = "Szpital Św. Łukasza, Αθήνα µ";

    /** A week of a lab under an incident, its names in letters Windows-1252 lacks. */
    static Sitrep week(int activityDays) {
        Map<Sitrep.Section, String> method = new EnumMap<>(Sitrep.Section.class);
        for (Sitrep.Section s : Sitrep.Section.values()) {
            method.put(s, "Method for " + s.name() + ": counted from the projections of the event log, one test at a time.");
        }
        Incident incident = new Incident(UUID.randomUUID(), Incident.Scope.LAB, "RJ1", LAB, "ransomware on the LIMS", "žofie.novák",
                Instant.parse("2026-05-31T07:00:00Z"), "łukasz.żółć", Instant.parse("2026-05-31T07:20:00Z"), null, null, null);
        List<Activity> activity = new ArrayList<>();
        for (int d = 0; d < activityDays; d++) {
            for (Priority p : Priority.values()) {
                activity.add(new Activity(MONDAY.plusDays(d % 7), p, RequesterSetting.ED, 100 + d, 40 + d, 12, null, 3));
            }
        }
        return new Sitrep(new Sitrep.Subject(Sitrep.Subject.Kind.LAB, "RJ1", LAB), new SitrepPeriod(SitrepPeriod.Length.WEEK, MONDAY),
                Instant.parse("2026-06-08T06:30:00Z"), incident, activity,
                List.of(new ReferredOut(MONDAY, "RQ3", "Hôpital Saint-Étienne", 12)),
                List.of(new CapacityDay(MONDAY, 41, new BigDecimal("407.25"), 10), new CapacityDay(MONDAY.plusDays(1), 0, BigDecimal.ZERO, null)),
                List.of(new TurnaroundFigure(RequesterSetting.ED, 17, Duration.ofMinutes(48), Duration.ofMinutes(131),
                        Duration.ofMinutes(150), 9, 4)),
                List.of(new BacklogPoint(Instant.parse("2026-06-01T23:00:00Z"), null, 1234)),
                List.of(new ReferredAge(ReferredAge.AgeBand.OVER_THREE_DAYS, 7)),
                new CriticalPhoning(5, 4, 3, Duration.ofMinutes(22), Duration.ofMinutes(47), 1),
                List.of(new IncidentFigure(incident.id(), "RJ122", TRUST, MONDAY, FigureKind.ELECTIVE_PROCEDURES_POSTPONED,
                        new BigDecimal("1710"), "bed meeting 08:00, Ärztin Müller", "žofie.novák", Instant.parse("2026-06-01T09:00:00Z"))),
                method);
    }

    static String text(Sitrep sitrep) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SitrepPdf.write(sitrep, out);
        try (PDDocument pdf = Loader.loadPDF(out.toByteArray())) {
            return new PDFTextStripper().getText(pdf);
        }
    }

    @Test
    void headedWithSubjectPeriodIncidentAndWhenMade() throws Exception {
        String text = text(week(1));

        assertThat(text).contains("Situation report", LAB + " (RJ1), week 2026-06-01 to 2026-06-07",
                "Incident: " + LAB + ", confirmed by łukasz.żółć", "declared 2026-05-31 08:00 by žofie.novák", "in force",
                "Made at 2026-06-08 07:30 (UK time)");
    }

    @Test
    void everyTableWithItsFiguresAndItsMethodLineUnderIt() throws Exception {
        String text = text(week(1)).replace("\r", "");

        for (Sitrep.Section s : Sitrep.Section.values()) {
            assertThat(text).contains(s.title());
            int title = text.indexOf(s.title());
            int method = text.indexOf("How computed: Method for " + s.name());
            assertThat(method).as("the method line of " + s.title() + " comes after its title").isGreaterThan(title);
        }
        assertThat(text).contains("Hôpital Saint-Étienne", "407.3", "10%", "no normal to compare", "1 h 00 min", "2 h 11 min",
                "2 h 30 min", "1234", SitrepTables.NOT_KNOWN, "Phoned within the deadline", "22 min", TRUST, "1710",
                "elective procedures postponed", "bed meeting 08:00, Ärztin Müller");
        assertThat(text).doesNotContain("?");
    }

    @Test
    void aLongTableRunsOnToMorePagesWithItsHeadingsAgainAndEveryPageNumbered() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SitrepPdf.write(week(60), out);
        try (PDDocument pdf = Loader.loadPDF(out.toByteArray())) {
            int pages = pdf.getNumberOfPages();
            assertThat(pages).isGreaterThan(2);
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Tests requested, performed, referred out, deferred and rejected (continued)",
                    "page 1 of " + pages, "page " + pages + " of " + pages);
            PDFTextStripper last = new PDFTextStripper();
            last.setStartPage(pages);
            last.setEndPage(pages);
            assertThat(last.getText(pdf)).contains("PathGuard situation report: " + LAB);
        }
    }
}

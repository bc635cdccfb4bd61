package org.pathguard.sitrep;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabTime;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/sitrep/pdf} on a real server: who may have it, what it says, and what it refuses. */
class SitrepPdfApiTest extends LabServerTest {

    private static final Set<Actor.Role> MAY = EnumSet.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER,
            Actor.Role.AUDITOR);

    private final String today = LocalDate.now(LabTime.ZONE).toString();

    private HttpResponse<byte[]> pdf(Api who, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/sitrep/pdf?" + query)).GET();
        who.headers().forEach(b::header);
        if (!who.headers().containsKey("Authorization")) {
            b.header("Cookie", who.cookie());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void everyRoleAgainstThePdfTheLabsPeopleAndThePrivacyOfficerGetItNoOneElse() throws Exception {
        for (Actor.Role role : Actor.Role.values()) {
            if (role == Actor.Role.SYSTEM) {
                continue;
            }
            HttpResponse<byte[]> answer = pdf(api("sitrep.pdf." + role.name().toLowerCase(), role.name()), "period=day&from=" + today);
            if (MAY.contains(role)) {
                assertThat(answer.statusCode()).as(role.name()).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).contains("application/pdf");
                assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow())
                        .contains("attachment", "sitrep-" + LAB + "-day-" + today + ".pdf");
            } else {
                assertThat(answer.statusCode()).as(role.name()).isEqualTo(403);
                assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
            }
        }
        assertThat(pdf(Api.anonymous(port), "period=day&from=" + today).statusCode()).as("no one signed in").isEqualTo(401);
    }

    @Test
    void everyPersonAgainstTheScreenTheSameRolesAsThePdfOthersToldWhyOnAPage() {
        for (Actor.Role role : java.util.Arrays.stream(Actor.Role.values()).filter(Actor.Role::human).toList()) {
            Api.Response page = api("sitrep.screen." + role.name().toLowerCase(), role.name()).get("/sitrep?period=day&from=" + today);
            assertThat(page.contentType()).as(role.name()).startsWith("text/html");
            if (MAY.contains(role)) {
                assertThat(page.status()).as(role.name()).isEqualTo(200);
                assertThat(page.body()).contains("How computed:", "/api/sitrep/pdf?period=day&amp;from=" + today);
            } else {
                assertThat(page.status()).as(role.name()).isEqualTo(403);
                assertThat(page.body()).contains("Not allowed").doesNotContain("How computed:");
            }
        }
    }

    @Test
    void thePdfHoldsTheSameFiguresAsTheJsonWithTheLabsNameAndEachMethodLine() throws Exception {
        Api manager = api("sitrep.pdf.figures", "LAB_MANAGER");
        JsonNode json = manager.get("/api/sitrep?period=week&from=" + LocalDate.parse(today).minusDays(6)).json();
        HttpResponse<byte[]> answer = pdf(manager, "period=week&from=" + LocalDate.parse(today).minusDays(6));
        assertThat(answer.statusCode()).isEqualTo(200);
        String text = text(answer.body());

        assertThat(text).contains("Situation report", json.get("subject").get("name").asString() + " (" + LAB + "), week "
                + LocalDate.parse(today).minusDays(6) + " to " + today);
        for (JsonNode day : json.get("capacity")) {
            assertThat(text).contains(day.get("day").asString() + " " + day.get("performed").asInt());
        }
        for (Sitrep.Section section : Sitrep.Section.values()) {
            assertThat(text).contains(section.title());
        }
        assertThat(text).contains("How computed: " + json.get("method").get("CAPACITY").asString().split(" ")[0]);
    }

    @Test
    void aPeriodOrSubjectTypedWrongIsRefusedInWordsAsProblemJson() throws Exception {
        Api scientist = api("sitrep.pdf.wrong", "SCIENTIST");
        Map<String, Integer> refusals = Map.of(
                "period=month&from=" + today, 422,
                "period=day&from=7%2F12%2F2026", 422,
                "period=day", 422,
                "period=week&from=" + LocalDate.parse(today).plusDays(2), 422,
                "period=day&from=" + today + "&subject=RJ1", 404);
        for (var refused : refusals.entrySet()) {
            HttpResponse<byte[]> answer = pdf(scientist, refused.getKey());
            assertThat(answer.statusCode()).as(refused.getKey()).isEqualTo(refused.getValue());
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
            assertThat(Api.JSON.readTree(answer.body()).get("detail").asString()).as(refused.getKey()).isNotBlank();
        }
    }
}

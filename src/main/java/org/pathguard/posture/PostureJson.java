package org.pathguard.posture;

import org.pathguard.result.PerformingLab;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The posture as JSON, the same for {@code GET /api/posture} and the evidence pack: the lab, when, and each CAF outcome
 * with its rating and its indicators' readings. Field names are spelled out here, not taken from the records, so that
 * renaming a Java field never silently changes what a lab has already submitted.
 */
public final class PostureJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostureJson() {
    }

    public static Map<String, Object> of(PostureReport report, PerformingLab lab) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lab", Map.of("odsCode", lab.odsCode(), "name", lab.name()));
        json.put("takenAt", report.takenAt().toString());
        json.put("outcomes", report.outcomes().stream().map(PostureJson::outcome).toList());
        return json;
    }

    static byte[] write(PostureReport report, PerformingLab lab) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(of(report, lab));
    }

    private static Map<String, Object> outcome(OutcomeStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", status.outcome().code());
        json.put("title", status.outcome().title());
        json.put("rating", status.rating().name());
        json.put("indicators", status.readings().stream().map(PostureJson::reading).toList());
        return json;
    }

    private static Map<String, Object> reading(Reading reading) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", reading.indicator().id());
        json.put("title", reading.indicator().title());
        json.put("kind", reading.indicator().kind().name());
        json.put("rating", reading.rating().name());
        json.put("finding", reading.finding());
        json.put("takenAt", reading.takenAt().toString());
        List<Map<String, String>> evidence = reading.evidence().stream()
                .map(e -> {
                    Map<String, String> fact = new LinkedHashMap<>();
                    fact.put("name", e.name());
                    fact.put("value", e.value());
                    return fact;
                }).toList();
        json.put("evidence", evidence);
        return json;
    }
}

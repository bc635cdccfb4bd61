package org.pathguard.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Content-Security-Policy allows scripts and styles only from PathGuard's own files, so no
 * template may carry inline script, inline style, event-handler attributes, or anything fetched from
 * another host (the lab network may have no internet). The browser tests show the pages they visit
 * log no violation; this covers every template, visited or not.
 */
class TemplatesTest {

    private static final Path TEMPLATES = Path.of("src", "main", "resources", "templates");

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\s(th:)?style\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\s(th:|hx-)?on[a-z:-]*\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//", Pattern.CASE_INSENSITIVE));

    @Test
    void noTemplateHasInlineScriptInlineStyleOrRemoteAssets() throws IOException {
        List<Path> templates;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            templates = files.filter(f -> f.toString().endsWith(".html")).toList();
        }
        assertThat(templates).hasSizeGreaterThanOrEqualTo(15);
        for (Path template : templates) {
            String html = Files.readString(template);
            for (Pattern forbidden : FORBIDDEN) {
                assertThat(forbidden.matcher(html).find()).as(template.getFileName() + " contains " + forbidden.pattern()).isFalse();
            }
        }
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        List<String> offending = List.of("<script>alert(1)</script>", "<p style=\"color:red\">", "<a onclick=\"x()\">",
                "<button hx-on:click=\"x()\">", "<link href=\"https://cdn.example/x.css\">", "<style>p{}</style>",
                "<a href=\"javascript:x()\">");
        for (String html : offending) {
            assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher(html).find())).as(html).isTrue();
        }
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher("<script src=\"/ui/pathguard.js\" defer></script>").find())).isFalse();
    }
}

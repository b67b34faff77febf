package io.ppml.web;

import io.ppml.refusal.Refusal;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Serves the page each problem's {@code type} points at: what the problem means and what to do about it. */
@Hidden
@RestController
class ProblemPageController {

    @GetMapping(path = "/problems/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String slug) {
        ProblemCode code = ProblemCode.bySlug(slug)
                .orElseThrow(() -> Refusal.notFound("There is no problem type '" + slug + "'."));
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s — ppml-service</title></head>
                <body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
                <h1>%1$s</h1>
                <p><code>type: %2$s</code> · <code>code: %3$s</code> · HTTP %4$d</p>
                <p>%5$s</p>
                <p>Every error of ppml-service is an RFC 9457 problem (<code>application/problem+json</code>) with
                <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>,
                <code>instance</code>, <code>code</code> and, for validation, <code>errors[]</code>.</p>
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(code.title()), code.type(), code.slug(), code.status().value(),
                HtmlUtils.htmlEscape(code.description()));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
    }
}

package io.ppml.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget dashboard's files are served to anyone, with the headers that keep a page holding a bearer secret safe,
 * and the page needs nothing its Content-Security-Policy forbids. (What the page shows is {@code BrowserTests}'.)
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardTests extends ApiTestBase {

    private static final List<String> FILES = List.of("/dashboard/", "/dashboard/index.html",
            "/dashboard/dashboard.js", "/dashboard/dashboard.css", "/dashboard/icon.svg");

    private Response fetch(String path) {
        return api.request("GET", path).send();
    }

    private static void assertPageHeaders(Response response) {
        assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action 'none'");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Set-Cookie")).isNull();
    }

    @Test
    void shouldServeThePageAndItsFilesWithoutAKeyUnderAStrictContentSecurityPolicy() {
        for (String path : FILES) {
            Response response = fetch(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertPageHeaders(response);
        }
        assertThat(fetch("/dashboard/").contentType()).startsWith("text/html");
        assertThat(fetch("/dashboard/").body()).contains("<title>Privacy budget").isEqualTo(
                fetch("/dashboard/index.html").body());
        assertThat(fetch("/dashboard/dashboard.js").contentType()).startsWith("text/javascript");
        assertThat(fetch("/dashboard/dashboard.css").contentType()).startsWith("text/css");
        assertThat(fetch("/dashboard/icon.svg").contentType()).startsWith("image/svg+xml");

        // a bearer header (even a wrong one) changes nothing: the files are not behind the API's authentication
        Response withKey = api.request("GET", "/dashboard/dashboard.js").bearer("ppml_not-a-key").send();
        assertThat(withKey.status()).isEqualTo(200);
        assertThat(withKey.header("WWW-Authenticate")).isNull();
    }

    @Test
    void shouldRedirectTheBarePathToTheDirectory() {
        Response response = fetch("/dashboard");
        assertThat(response.status()).isBetween(301, 308);
        assertThat(response.header("Location")).endsWith("/dashboard/");
        assertPageHeaders(response);
    }

    @Test
    void shouldAnswerAnUnknownFileWithA404Problem() {
        Response missing = fetch("/dashboard/x");
        assertProblem(missing, 404, "not-found");
        assertPageHeaders(missing);
        assertProblem(fetch("/dashboard/x/y.js"), 404, "not-found");
    }

    @Test
    void shouldLeaveTheApiBehindItsKeys() {
        assertProblem(fetch("/v1/budget"), 401, "unauthorized");
        assertThat(fetch("/v1/budget").header("Content-Security-Policy")).isNull();
    }

    /** What the policy would block — inline script or style, handlers, other origins — the page must not need. */
    @Test
    void shouldNeedNothingItsPolicyForbids() {
        String html = fetch("/dashboard/").body();
        assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=").doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)javascript:");
        Matcher scripts = Pattern.compile("(?i)<script([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1)).as("every script is a file of the page").contains("src=\"dashboard.js\"");
            count++;
        }
        assertThat(count).isEqualTo(1);
        Matcher references = Pattern.compile("(?i)\\s(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (references.find()) {
            assertThat(references.group(1)).as("same origin").doesNotContain("//").doesNotStartWith("data:");
        }
        assertThat(fetch("/dashboard/dashboard.css").body()).doesNotContain("url(", "@import");
        String script = fetch("/dashboard/dashboard.js").body();
        assertThat(script).doesNotContain("localStorage", "innerHTML", "eval(", "new Function")
                .contains("sessionStorage", "'Authorization': 'Bearer '");
        // the only absolute URL in the script is the SVG namespace, which is a name, not a request
        assertThat(script.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    }
}

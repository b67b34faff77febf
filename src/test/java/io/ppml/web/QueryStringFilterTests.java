package io.ppml.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the query-string check refuses, and — as important — what it lets through as Tomcat would decode it. */
class QueryStringFilterTests {

    @Test
    void shouldAcceptWhatTomcatDecodes() {
        for (String query : new String[] {null, "", "a=1&b=2", "a=%2525", "a=b+c", "columns=sex:CATEGORICAL:F|M",
                "a=%C3%A9%F0%9F%98%80", "a=\u00e9", "a", "&&", "=x", "a=%e2%82%ac", "a=1;b=2", "a[]={}"}) {
            assertThat(QueryStringFilter.firstMalformed(query)).as(query).isEmpty();
        }
    }

    @Test
    void shouldNameTheParameterWhoseEncodingIsBroken() {
        assertThat(QueryStringFilter.firstMalformed("limit=5&after=%ZZ")).hasValueSatisfying(error -> {
            assertThat(error.field()).isEqualTo("after");
            assertThat(error.message()).contains("two hexadecimal digits");
        });
        assertThat(QueryStringFilter.firstMalformed("a=%4")).hasValueSatisfying(e -> assertThat(e.field())
                .isEqualTo("a"));
        assertThat(QueryStringFilter.firstMalformed("a=1&b=%")).hasValueSatisfying(e -> assertThat(e.field())
                .isEqualTo("b"));
        assertThat(QueryStringFilter.firstMalformed("na%6De=%FF")).hasValueSatisfying(error -> {
            assertThat(error.field()).isEqualTo("name");
            assertThat(error.message()).contains("UTF-8");
        });
        // NUL decodes, but no parameter takes it (PostgreSQL cannot store it in text)
        assertThat(QueryStringFilter.firstMalformed("name=a%00b")).hasValueSatisfying(error -> {
            assertThat(error.field()).isEqualTo("name");
            assertThat(error.message()).contains("NUL");
        });
        // an overlong encoding and a lone surrogate are not UTF-8 either
        assertThat(QueryStringFilter.firstMalformed("a=%C0%AF")).isPresent();
        assertThat(QueryStringFilter.firstMalformed("a=%ED%A0%80")).isPresent();
    }

    @Test
    void shouldNameABrokenNameAsFarAsItDecodes() {
        assertThat(QueryStringFilter.firstMalformed("x%ZZ=1")).hasValueSatisfying(error -> {
            assertThat(error.field()).isEqualTo("x%ZZ");
            assertThat(error.message()).startsWith("has a name that");
        });
        assertThat(QueryStringFilter.firstMalformed("%ZZ")).hasValueSatisfying(e -> assertThat(e.field())
                .isEqualTo("%ZZ"));
        assertThat(QueryStringFilter.firstMalformed("=%ZZ")).hasValueSatisfying(e -> assertThat(e.field())
                .isEqualTo("query"));
    }
}

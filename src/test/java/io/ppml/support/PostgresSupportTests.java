package io.ppml.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unreachable PostgreSQL skips its tests on a user's machine and fails them where they are required. */
class PostgresSupportTests {

    @AfterEach
    void restore() {
        System.clearProperty("ppml.test.postgres.url");
        System.clearProperty("ppml.test.postgres");
    }

    @Test
    void shouldFailWhenRequiredAndSkipOtherwise() {
        System.setProperty("ppml.test.postgres.url", "jdbc:postgresql://127.0.0.1:1/");
        if (PostgresSupport.required()) {
            assertThatThrownBy(() -> new PostgresSupport().evaluateExecutionCondition(null))
                    .hasMessageContaining("not reachable").hasMessageContaining("failure, not a skip");
        } else {
            ConditionEvaluationResult result = new PostgresSupport().evaluateExecutionCondition(null);
            assertThat(result.isDisabled()).isTrue();
            assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("SKIPPED"));
        }
        System.setProperty("ppml.test.postgres", "required");
        assertThatThrownBy(() -> new PostgresSupport().evaluateExecutionCondition(null))
                .hasMessageContaining("failure, not a skip");
    }
}

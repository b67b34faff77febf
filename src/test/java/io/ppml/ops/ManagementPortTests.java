package io.ppml.ops;

import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set (MANAGEMENT_SERVER_PORT, the production setting and the Docker image's),
 * actuator — metrics and health — answers only on that port, which the API's clients need not reach.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void shouldServeActuatorOnTheManagementPortOnly() {
        assertThat(managementPort).isNotEqualTo(port);
        Api management = new Api(managementPort);
        Response metrics = management.get("/actuator/prometheus", null);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE ppml_fl_updates_total counter");
        assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);

        Api main = new Api(port);
        assertProblem(main.get("/actuator/prometheus", null), 404, "not-found");
        assertProblem(main.get("/actuator/health/readiness", null), 404, "not-found");
        assertProblem(main.get("/v1/tenant", null), 401, "unauthorized");
    }
}

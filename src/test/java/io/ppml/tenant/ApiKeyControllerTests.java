package io.ppml.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ppml.persistence.Idempotency;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.TenantDtos.CreateKeyRequest;
import io.ppml.tenant.TenantDtos.IssuedKey;
import io.ppml.web.Problems;
import io.ppml.web.WebProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The key endpoints' HTTP mapping and access rules, with the service mocked (a web slice). */
@WebMvcTest(ApiKeyController.class)
class ApiKeyControllerTests {

    @TestConfiguration
    @EnableConfigurationProperties(WebProperties.class)
    @Import({SecurityConfiguration.class, Problems.class})
    static class WebLayer {
    }

    private static final UUID TENANT = UUID.randomUUID();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ApiKeyService keys;

    @MockitoBean
    AdminCredentials admin;

    private static RequestPostProcessor as(Role role) {
        Caller caller = new Caller(TENANT, UUID.randomUUID(), role);
        return authentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
                AuthorityUtils.createAuthorityList(role.authorities().toArray(String[]::new))));
    }

    @Test
    void shouldIssueKeyInTheCallersTenant() throws Exception {
        UUID id = UUID.randomUUID();
        IssuedKey issued = new IssuedKey(id, "dashboard", Role.ANALYST, "ppml_secret", "ppml_secre",
                Instant.parse("2026-01-01T00:00:00Z"));
        when(keys.create(argThat(caller -> caller.tenantId().equals(TENANT)),
                eq(new CreateKeyRequest("dashboard", Role.ANALYST)), eq("retry-1")))
                .thenReturn(new Idempotency.Outcome<>(issued, true));

        mvc.perform(post("/v1/keys").with(as(Role.OWNER)).contentType(MediaType.APPLICATION_JSON)
                        .header(Idempotency.HEADER, "retry-1")
                        .content("{\"name\": \"dashboard\", \"role\": \"ANALYST\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/v1/keys/" + id))
                .andExpect(header().string(Idempotency.REPLAYED_HEADER, "true"))
                .andExpect(jsonPath("$.secret").value("ppml_secret"))
                .andExpect(jsonPath("$.role").value("ANALYST"));
    }

    @Test
    void shouldRefuseAnalystsAndContributorsWithoutCallingTheService() throws Exception {
        for (Role role : List.of(Role.ANALYST, Role.CONTRIBUTOR)) {
            mvc.perform(post("/v1/keys").with(as(role)).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\": \"x\", \"role\": \"OWNER\"}"))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("forbidden"));
            mvc.perform(get("/v1/keys").with(as(role))).andExpect(status().isForbidden());
        }
        verifyNoInteractions(keys);
    }

    @Test
    void shouldRejectInvalidBodiesWithFieldErrors() throws Exception {
        mvc.perform(post("/v1/keys").with(as(Role.OWNER)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"role\": \"KING\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("role"));
        mvc.perform(post("/v1/keys").with(as(Role.OWNER)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"role\": \"ANALYST\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        verify(keys, never()).create(any(), any(), any());
    }

    @Test
    void shouldMapMissingKeysTo404AndMissingCredentialsTo401() throws Exception {
        UUID other = UUID.randomUUID();
        org.mockito.Mockito.doThrow(Refusal.notFound("There is no API key " + other + "."))
                .when(keys).revoke(TENANT, other);
        mvc.perform(delete("/v1/keys/" + other).with(as(Role.OWNER)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/not-found"))
                .andExpect(jsonPath("$.instance").value("/v1/keys/" + other));
        mvc.perform(get("/v1/keys")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthorized"));
    }
}

package io.ppml.it;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.ppml.client.ApiClient;
import io.ppml.client.ApiException;
import io.ppml.client.ApiResponse;
import io.ppml.client.api.AdminTenantsApi;
import io.ppml.client.api.ApiKeysApi;
import io.ppml.client.api.DifferentialPrivacyApi;
import io.ppml.client.api.HomomorphicEncryptionApi;
import io.ppml.client.api.PrivacyBudgetApi;
import io.ppml.client.api.SecureMultiPartyComputationApi;
import io.ppml.client.api.TenantApi;
import io.ppml.client.model.BudgetView;
import io.ppml.client.model.CiphertextDto;
import io.ppml.client.model.CloseResponse;
import io.ppml.client.model.ComputeRequest;
import io.ppml.client.model.ComputeResponse;
import io.ppml.client.model.CreateApiKeyRequest;
import io.ppml.client.model.CreateHeKeyRequest;
import io.ppml.client.model.CreateTenantRequest;
import io.ppml.client.model.CreatedTenant;
import io.ppml.client.model.DecryptRequest;
import io.ppml.client.model.DecryptResponse;
import io.ppml.client.model.EncryptRequest;
import io.ppml.client.model.EncryptResponse;
import io.ppml.client.model.IssuedKey;
import io.ppml.client.model.ItemsLedgerEntry;
import io.ppml.client.model.KeyView;
import io.ppml.client.model.Part;
import io.ppml.client.model.ReconstructRequest;
import io.ppml.client.model.ReconstructResponse;
import io.ppml.client.model.SessionRequest;
import io.ppml.client.model.SessionView;
import io.ppml.client.model.ShareDto;
import io.ppml.client.model.SplitRequest;
import io.ppml.client.model.SplitResponse;
import io.ppml.client.model.StatisticsRequest;
import io.ppml.client.model.StatisticsRequestValuesInner;
import io.ppml.client.model.StatisticsResponse;
import io.ppml.client.model.SubmitShareRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's scenario, written only against the client that openapi-generator made from the service's own
 * OpenAPI document: a tenant and its keys, a DP statistic and the budget it spent, HE encrypt/compute/decrypt, and
 * an SMPC sum over two aggregator sessions. Nothing here builds JSON or URLs by hand.
 */
class ReadmeScenarioTest {

    private static final String URL = System.getProperty("ppml.url");
    private static final String ADMIN_TOKEN = System.getProperty("ppml.admin-token");
    private static final List<Double> AGES = List.of(34.0, 45.0, 29.0, 61.0, 52.0, 38.0, 47.0, 70.0, 25.0, 41.0);

    private static ApiClient client(String bearer) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(URL);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        return client;
    }

    @Test
    void theReadmeScenarioRunsThroughTheGeneratedClient() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);

        // A tenant with a budget; the response holds its first OWNER key, shown this once.
        ApiResponse<CreatedTenant> created = new AdminTenantsApi(client(ADMIN_TOKEN)).createTenantWithHttpInfo(
                new CreateTenantRequest().name("generated-client-" + run).epsilonBudget(new BigDecimal("10"))
                        .deltaBudget(new BigDecimal("0.00001")).budgetWindow("P30D"), "tenant-" + run);
        assertEquals(201, created.getStatusCode());
        assertTrue(created.getHeaders().get("location").get(0).endsWith(created.getData().getId().toString()));
        ApiClient owner = client(created.getData().getApiKey().getSecret());
        assertEquals("OWNER", new TenantApi(owner).getCallerTenant().getRole().getValue());

        // An ANALYST key; its secret too is shown once.
        IssuedKey analystKey = new ApiKeysApi(owner).createApiKey(new CreateApiKeyRequest().name("dashboard-" + run)
                .role(CreateApiKeyRequest.RoleEnum.ANALYST), null);
        assertTrue(analystKey.getSecret().startsWith("ppml_"));
        assertEquals("ANALYST", new TenantApi(client(analystKey.getSecret())).getCallerTenant().getRole().getValue());

        // A DP mean, charged once even when retried with the same Idempotency-Key.
        DifferentialPrivacyApi dp = new DifferentialPrivacyApi(owner);
        StatisticsRequest mean = new StatisticsRequest().statistic(StatisticsRequest.StatisticEnum.MEAN)
                .values(AGES.stream().map(StatisticsRequestValuesInner::new).toList()).lower(0.0).upper(100.0)
                .epsilon(1.0);
        ApiResponse<StatisticsResponse> first = dp.releaseStatisticWithHttpInfo(mean, "mean-" + run);
        ApiResponse<StatisticsResponse> retry = dp.releaseStatisticWithHttpInfo(mean, "mean-" + run);
        assertEquals("false", first.getHeaders().get("idempotent-replayed").get(0));
        assertEquals("true", retry.getHeaders().get("idempotent-replayed").get(0));
        assertEquals(first.getData().getReceiptId(), retry.getData().getReceiptId());
        assertTrue(first.getData().getResult() instanceof Number, "a MEAN is a number");
        assertEquals(1.0, first.getData().getPrivacy().getEpsilon(), 1e-12);
        assertEquals(1.0, first.getData().getConfidenceInterval().getLevel() + 0.05, 1e-12);

        // The released value is typed by statistic: a list of quantiles, a map of category counts.
        StatisticsResponse quantiles = dp.releaseStatistic(new StatisticsRequest()
                .statistic(StatisticsRequest.StatisticEnum.QUANTILES)
                .values(AGES.stream().map(StatisticsRequestValuesInner::new).toList()).lower(0.0).upper(100.0)
                .quantiles(List.of(0.5, 0.9)).epsilon(1.0), null);
        assertTrue(quantiles.getResult() instanceof List<?> list && list.size() == 2, quantiles.toString());
        StatisticsResponse histogram = dp.releaseStatistic(new StatisticsRequest()
                .statistic(StatisticsRequest.StatisticEnum.HISTOGRAM)
                .values(List.of("A", "B", "A").stream().map(StatisticsRequestValuesInner::new).toList())
                .categories(List.of("A", "B")).epsilon(1.0), null);
        assertTrue(histogram.getResult() instanceof Map<?, ?> map && map.keySet().equals(Set.of("A", "B")),
                histogram.toString());

        BudgetView budget = new PrivacyBudgetApi(client(analystKey.getSecret())).getBudget();
        assertEquals(3.0, budget.getEpsilon().getSpent(), 1e-9);
        assertEquals(7.0, budget.getEpsilon().getRemaining(), 1e-9);
        // Lists come a page at a time: two entries, then the third from the cursor, then no cursor.
        ItemsLedgerEntry firstPage = new PrivacyBudgetApi(owner).listLedgerEntries(2, null);
        assertEquals(2, firstPage.getItems().size());
        assertNotNull(firstPage.getNextCursor());
        ItemsLedgerEntry lastPage = new PrivacyBudgetApi(owner).listLedgerEntries(2, firstPage.getNextCursor());
        assertEquals(1, lastPage.getItems().size());
        assertNull(lastPage.getNextCursor());

        // Bad input is a 400 problem that names the field.
        ApiException refused = assertThrows(ApiException.class, () -> dp.releaseStatistic(
                new StatisticsRequest().statistic(StatisticsRequest.StatisticEnum.COUNT)
                        .values(List.of(new StatisticsRequestValuesInner(1.0))).epsilon(-1.0), null));
        assertEquals(400, refused.getCode());
        assertTrue(refused.getResponseBody().contains("epsilon"), refused.getResponseBody());

        // HE: the service encrypts, sums under encryption, and decrypts only the aggregate.
        HomomorphicEncryptionApi he = new HomomorphicEncryptionApi(owner);
        KeyView key = he.createHeKey(new CreateHeKeyRequest().name("salaries-" + run)
                .scheme(CreateHeKeyRequest.SchemeEnum.PAILLIER).modulusBits(2048), null);
        EncryptResponse encrypted = he.encryptValues(key.getName(), new EncryptRequest()
                .values(List.of(new BigDecimal("1.5"), new BigDecimal("2.25"), new BigDecimal("-3"))));
        assertEquals(3, encrypted.getCiphertexts().size());
        ComputeResponse sum = he.computeOnCiphertexts(new ComputeRequest().key(key.getName())
                .version(encrypted.getVersion()).operation(ComputeRequest.OperationEnum.SUM)
                .ciphertexts(encrypted.getCiphertexts()));
        List<CiphertextDto> aggregate = List.of(sum.getCiphertext());
        DecryptResponse decrypted = he.decryptCiphertexts(key.getName(), new DecryptRequest()
                .version(sum.getVersion()).ciphertexts(aggregate).minAggregated(3L), null);
        assertEquals(0, new BigDecimal("0.75").compareTo(decrypted.getValues().get(0)), decrypted.toString());

        // SMPC: two contributors split their values into additive shares for two aggregator sessions; each
        // session releases only its aggregate share, and the two aggregate shares reconstruct the total.
        SecureMultiPartyComputationApi smpc = new SecureMultiPartyComputationApi(owner);
        List<String> sessions = List.of("payroll-" + run + "-node1", "payroll-" + run + "-node2");
        OffsetDateTime deadline = OffsetDateTime.now().plusHours(1).withNano(0);
        for (int party = 1; party <= 2; party++) {
            SessionView session = smpc.createSmpcSession(sessions.get(party - 1), new SessionRequest()
                    .scheme(SessionRequest.SchemeEnum.ADDITIVE).parties(2).partyIndex(party).vectorLength(2)
                    .fractionBits(16).minContributors(2).deadline(deadline)
                    .verification(SessionRequest.VerificationEnum.NONE));
            assertEquals("OPEN", String.valueOf(session.getStatus()));
        }
        List<List<Double>> inputs = List.of(List.of(10.5, 20.0), List.of(1.25, -4.0));
        for (int contributor = 0; contributor < inputs.size(); contributor++) {
            // each contributor submits with a CONTRIBUTOR key of its own (one contributor per key by default)
            IssuedKey contributorKey = new ApiKeysApi(owner).createApiKey(new CreateApiKeyRequest()
                    .name("hospital-" + contributor + "-" + run).role(CreateApiKeyRequest.RoleEnum.CONTRIBUTOR), null);
            SecureMultiPartyComputationApi asContributor = new SecureMultiPartyComputationApi(
                    client(contributorKey.getSecret()));
            SplitResponse split = asContributor.splitSecret(new SplitRequest().values(inputs.get(contributor))
                    .scheme(SplitRequest.SchemeEnum.ADDITIVE).parties(2).fractionBits(16)
                    .verification(SplitRequest.VerificationEnum.NONE));
            for (ShareDto share : split.getShares()) {
                asContributor.submitShare(sessions.get(share.getPartyIndex() - 1), new SubmitShareRequest()
                        .contributorId("hospital-" + contributor).submissionId("submission-" + contributor)
                        .share(share.getShare()));
            }
        }
        ReconstructRequest reconstruct = new ReconstructRequest().scheme(ReconstructRequest.SchemeEnum.ADDITIVE)
                .fractionBits(16);
        for (int party = 1; party <= 2; party++) {
            CloseResponse closed = smpc.closeSmpcSession(sessions.get(party - 1));
            assertEquals(2, closed.getContributors());
            reconstruct.addPartsItem(new Part().partyIndex(party).aggregateShare(closed.getAggregateShare())
                    .checksum(closed.getChecksum()));
        }
        ReconstructResponse total = smpc.reconstructSecret(reconstruct);
        assertEquals(List.of(11.75, 16.0), total.getValues());
        assertNotNull(total.getVerified());
    }
}

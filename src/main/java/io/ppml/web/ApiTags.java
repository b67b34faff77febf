package io.ppml.web;

import java.util.List;

import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI tags, in the order a newcomer needs them: a tenant and its keys, the budget, then the four
 * techniques. Controllers name their tag with these constants; the descriptions live here, once.
 */
public final class ApiTags {

    public static final String TENANTS = "Admin: tenants";
    public static final String TENANT = "Tenant";
    public static final String KEYS = "API keys";
    public static final String BUDGET = "Privacy budget";
    public static final String DP = "Differential privacy";
    public static final String DP_DATASETS = "Differential privacy: datasets";
    public static final String HE = "Homomorphic encryption";
    public static final String SMPC = "Secure multi-party computation";
    public static final String FL = "Federated learning";

    static final List<Tag> IN_READING_ORDER = List.of(
            tag(TENANTS, "Platform administration with the admin token: create a tenant with its privacy budget and "
                    + "first OWNER key, list, read and change tenants."),
            tag(TENANT, "Who is calling: the tenant and role of the key in Authorization."),
            tag(KEYS, "A tenant's API keys and their roles (OWNER, ANALYST, CONTRIBUTOR); OWNER only. A secret is "
                    + "shown once, when the key is created."),
            tag(BUDGET, "The tenant's ε/δ budget, its window, and the ledger with one entry per charge."),
            tag(DP, "Noised values and statistics, each charged to the tenant's budget before it is released; "
                    + "dry-run plans; receipts of what was released."),
            tag(DP_DATASETS, "Stored data that analysts query with differential privacy; rows are sealed at rest and "
                    + "never returned."),
            tag(HE, "Paillier keys per tenant (named, versioned, rotated): encrypt, compute on ciphertexts, decrypt "
                    + "with optional DP noise."),
            tag(SMPC, "This instance as one aggregator node: sessions that collect secret shares (optionally checked "
                    + "against Pedersen commitments) and release only the aggregate share; splitting and "
                    + "reconstruction helpers."),
            tag(FL, "Tasks whose clients train locally and send model updates; rounds aggregated by FedAvg, median "
                    + "or trimmed mean, with DP-FedAvg charged to the budget."));

    private ApiTags() {
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }
}

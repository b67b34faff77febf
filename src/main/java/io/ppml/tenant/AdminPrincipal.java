package io.ppml.tenant;

/** The platform administrator, authenticated by the admin token; manages tenants, belongs to none. */
enum AdminPrincipal {
    INSTANCE;

    static final String IDEMPOTENCY_SCOPE = "admin";
}

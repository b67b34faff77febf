-- Homomorphic-encryption keys (module he), modelled on Vault Transit: named keys with versions.
-- Private keys are stored only sealed with AES-256-GCM under a key derived from the master key, bound to
-- tenant, key name and version; the database never holds p, q, λ or μ in the clear.

create table he_keys (
    id                     uuid primary key,
    tenant_id              uuid         not null references tenants (id) on delete cascade,
    name                   varchar(100) not null,
    scheme                 varchar(16)  not null,
    -- a client-held key: public only, the service can compute on it but never decrypt
    imported               boolean      not null,
    latest_version         integer      not null,
    min_decryption_version integer      not null,
    deletion_allowed       boolean      not null,
    created_at             timestamp with time zone not null,
    updated_at             timestamp with time zone not null,
    constraint uq_he_keys_name unique (tenant_id, name)
);

create table he_key_versions (
    key_id         uuid    not null references he_keys (id) on delete cascade,
    version        integer not null,
    modulus_bits   integer not null,
    -- the public modulus n, decimal
    modulus        text    not null,
    -- the private key (p, q), sealed; null for imported keys
    sealed_private text,
    created_at     timestamp with time zone not null,
    constraint pk_he_key_versions primary key (key_id, version)
);

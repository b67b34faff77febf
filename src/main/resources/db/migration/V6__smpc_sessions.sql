-- SMPC sessions on this aggregator node (module smpc). Shares are stored sealed with AES-256-GCM under a key
-- derived from the master key, bound to tenant, session and submission; the aggregate is stored once at close.

create table smpc_sessions (
    id                    uuid primary key,
    tenant_id             uuid         not null references tenants (id) on delete cascade,
    session_id            varchar(100) not null,
    scheme                varchar(16)  not null,
    parties               integer      not null,
    party_index           integer      not null,
    threshold             integer      not null,
    vector_length         integer      not null,
    fraction_bits         integer      not null,
    min_contributors      integer      not null,
    deadline              timestamp with time zone not null,
    verification          varchar(16)  not null,
    config_hash           varchar(64)  not null,
    status                varchar(16)  not null,
    contributors          integer      not null,
    checksum              varchar(64)  not null,
    -- the released aggregate (JSON), set once at close
    aggregate             text,
    created_at            timestamp with time zone not null,
    closed_at             timestamp with time zone,
    constraint uq_smpc_sessions unique (tenant_id, session_id)
);

create table smpc_submissions (
    session_pk     uuid         not null references smpc_sessions (id) on delete cascade,
    submission_id  varchar(100) not null,
    contributor_id varchar(100) not null,
    sealed_share   text         not null,
    commitments    text,
    verified       boolean      not null,
    created_at     timestamp with time zone not null,
    constraint pk_smpc_submissions primary key (session_pk, submission_id),
    constraint uq_smpc_contributor unique (session_pk, contributor_id)
);

package io.ppml.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.refusal.Refusal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one idempotency mechanism behind the {@code Idempotency-Key} header, for every POST that creates something
 * or spends budget (in the manner of the IETF httpapi idempotency-key draft and Stripe's API).
 *
 * <p>A key is claimed by inserting a row, unique on (scope, key), in its own transaction; the action then runs in
 * one transaction together with the update that stores its response, so the response is stored if and only if the
 * action's effects are committed. Outcomes for a key already present:
 * <ul>
 *   <li>same request, completed: the stored response is returned and the action does not run again;</li>
 *   <li>another request (different operation or body): 422 {@code idempotency-key-reused};</li>
 *   <li>same request still in flight: 409 {@code conflict} — unless its lease has run out (the instance holding
 *       it died), in which case this request takes it over; the owner token makes the slower one roll back.</li>
 * </ul>
 * A failed action releases its claim, so a corrected retry may reuse the key — except a {@link KeptEffectsFailure}
 * (a failure after a privacy charge): its transaction commits, the key records the failure, and a retry replays the
 * failure instead of being charged again. Stored responses are sealed with
 * AES-GCM under a key derived from the master key, because some (new API-key secrets) must not rest in the clear;
 * they expire after {@code ppml.web.idempotency-ttl}.
 */
@Service
public class Idempotency {

    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);
    private static final int MAX_KEY_LENGTH = 255;
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final JdbcClient jdbc;
    private final TransactionTemplate inTransaction;
    private final TransactionTemplate inNewTransaction;
    private final JsonMapper json;
    private final Aead seal;
    private final Clock clock;
    private final IdempotencyProperties properties;
    private final DurableJournal journal;

    Idempotency(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json, MasterKey masterKey,
            Clock clock, IdempotencyProperties properties, DurableJournal journal) {
        this.journal = journal;
        this.jdbc = jdbc;
        this.inTransaction = new TransactionTemplate(transactions);
        this.inNewTransaction = new TransactionTemplate(transactions);
        this.inNewTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.seal = masterKey.aead("idempotency-responses");
        this.clock = clock;
        this.properties = properties;
    }

    /** What a request is, for idempotency: who sends it (scope), its key, the operation and its parsed body. */
    public record Request(String scope, @Nullable String key, String operation, Object body) {
    }

    /**
     * The response, and whether it was replayed from an earlier request with the same key (the web layer answers it
     * with {@code Idempotent-Replayed}).
     */
    public record Outcome<T>(T response, boolean replayed) {
    }

    /**
     * Runs {@code action} at most once per (scope, key) and returns its response; with no key, simply runs it in a
     * transaction. {@code action} must do all its database work in the caller's transaction (the default
     * propagation), so that it commits or rolls back together with the stored response.
     */
    public <T> Outcome<T> run(Request request, Class<T> responseType, Supplier<T> action) {
        if (request.key() == null) {
            Object result = inTransaction.execute(status -> {
                try {
                    return action.get();
                } catch (KeptEffectsFailure failure) {
                    return failure; // commit what it did, then fail
                }
            });
            return new Outcome<>(responseOrThrow(result, responseType), false);
        }
        String key = validKey(request.key());
        String fingerprint = fingerprint(request);
        Claim<T> claim = claim(request.scope(), key, fingerprint, responseType);
        if (claim.replay() != null) {
            return new Outcome<>(claim.replay(), true);
        }
        Object result;
        try {
            result = inTransaction.execute(status -> {
                try {
                    T response = action.get();
                    complete(request.scope(), key, claim.owner(), response);
                    return response;
                } catch (KeptEffectsFailure failure) {
                    fail(request.scope(), key, claim.owner(), failure);
                    return failure;
                }
            });
        } catch (RuntimeException | Error e) {
            release(request.scope(), key, claim.owner());
            throw e;
        }
        return new Outcome<>(responseOrThrow(result, responseType), false);
    }

    /** The committed response, or the committed failure thrown now that its effects are durable. */
    private static <T> T responseOrThrow(@Nullable Object result, Class<T> responseType) {
        if (result instanceof KeptEffectsFailure failure) {
            throw failure;
        }
        return responseType.cast(result);
    }

    private record Claim<T>(String owner, @Nullable T replay) {
    }

    private <T> Claim<T> claim(String scope, String key, String fingerprint, Class<T> responseType) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String owner = UUID.randomUUID().toString();
            Instant now = clock.instant();
            try {
                inNewTransaction.executeWithoutResult(status -> jdbc.sql("""
                        insert into idempotency_records
                            (scope, idem_key, request_hash, status, owner_token, locked_at, created_at, expires_at)
                        values (:scope, :key, :hash, 'IN_FLIGHT', :owner, :now, :now, :expires)""")
                        .param("scope", scope).param("key", key).param("hash", fingerprint).param("owner", owner)
                        .param("now", Rows.utc(now)).param("expires", Rows.utc(now.plus(properties.idempotencyTtl())))
                        .update());
                return new Claim<>(owner, null);
            } catch (DuplicateKeyException taken) {
                Optional<Existing> existing = find(scope, key);
                if (existing.isEmpty()) {
                    continue; // released or expired meanwhile: try again
                }
                Existing row = existing.get();
                if (row.expiresAt().isBefore(now)) {
                    inNewTransaction.executeWithoutResult(status -> jdbc.sql(
                            "delete from idempotency_records where scope = :scope and idem_key = :key "
                                    + "and expires_at < :now")
                            .param("scope", scope).param("key", key).param("now", Rows.utc(now)).update());
                    continue;
                }
                if (!MessageDigest.isEqual(row.requestHash().getBytes(StandardCharsets.US_ASCII),
                        fingerprint.getBytes(StandardCharsets.US_ASCII))) {
                    throw Refusal.idempotencyKeyReused("The Idempotency-Key '" + key
                            + "' was already used for a different request. Use a new key for a new request.");
                }
                if (("COMPLETED".equals(row.status()) || "FAILED".equals(row.status())) && row.responseBody() != null) {
                    // the request that stored it may still be waiting for its charge to reach the disk
                    journal.awaitDurable();
                }
                if ("COMPLETED".equals(row.status()) && row.responseBody() != null) {
                    return new Claim<>(row.owner(), readSealed(scope, key, row.responseBody(), responseType));
                }
                if ("FAILED".equals(row.status()) && row.responseBody() != null) {
                    byte[] detail = seal.decrypt(Base64.getDecoder().decode(row.responseBody()),
                            associatedData(scope, key + "\0failed"));
                    throw new KeptEffectsFailure(new String(detail, StandardCharsets.UTF_8));
                }
                if (row.lockedAt().plus(properties.idempotencyInFlightLease()).isAfter(now)) {
                    throw Refusal.conflict("A request with the Idempotency-Key '" + key
                            + "' is still being processed. Retry it shortly to get its response.");
                }
                int taken2 = inNewTransaction.execute(status -> jdbc.sql("""
                        update idempotency_records set owner_token = :owner, locked_at = :now
                        where scope = :scope and idem_key = :key and owner_token = :previous and status = 'IN_FLIGHT'
                        """).param("owner", owner).param("now", Rows.utc(now)).param("scope", scope).param("key", key)
                        .param("previous", row.owner()).update());
                if (taken2 == 1) {
                    log.warn("Took over the idempotency key of a request whose lease ran out (scope {})", scope);
                    return new Claim<>(owner, null);
                }
            }
        }
        throw Refusal.conflict("The Idempotency-Key '" + key + "' is contended; retry shortly.");
    }

    private void complete(String scope, String key, String owner, Object response) {
        finish(scope, key, owner, "COMPLETED", seal.encrypt(json.writeValueAsBytes(response),
                associatedData(scope, key)));
    }

    /** Records that the request failed after effects that are kept; a retry replays the failure. */
    private void fail(String scope, String key, String owner, KeptEffectsFailure failure) {
        finish(scope, key, owner, "FAILED", seal.encrypt(failure.getMessage().getBytes(StandardCharsets.UTF_8),
                associatedData(scope, key + "\0failed")));
    }

    private void finish(String scope, String key, String owner, String status, byte[] sealed) {
        int updated = jdbc.sql("""
                update idempotency_records set status = :status, response_body = :body
                where scope = :scope and idem_key = :key and owner_token = :owner and status = 'IN_FLIGHT'""")
                .param("status", status).param("body", Base64.getEncoder().encodeToString(sealed))
                .param("scope", scope).param("key", key).param("owner", owner).update();
        if (updated != 1) {
            throw Refusal.conflict("Another request took over the Idempotency-Key '" + key
                    + "' while this one was running; nothing was committed by this one.");
        }
    }

    private void release(String scope, String key, String owner) {
        try {
            inNewTransaction.executeWithoutResult(status -> jdbc.sql(
                    "delete from idempotency_records where scope = :scope and idem_key = :key "
                            + "and owner_token = :owner and status = 'IN_FLIGHT'")
                    .param("scope", scope).param("key", key).param("owner", owner).update());
        } catch (RuntimeException e) {
            log.warn("Could not release an idempotency key after a failed request; it frees itself after the "
                    + "in-flight lease", e);
        }
    }

    private <T> T readSealed(String scope, String key, String body, Class<T> type) {
        byte[] plain = seal.decrypt(Base64.getDecoder().decode(body), associatedData(scope, key));
        return json.readValue(plain, type);
    }

    private record Existing(String requestHash, String status, String owner, @Nullable String responseBody,
            Instant lockedAt, Instant expiresAt) {
    }

    private Optional<Existing> find(String scope, String key) {
        return inNewTransaction.execute(status -> jdbc.sql("""
                select request_hash, status, owner_token, response_body, locked_at, expires_at
                from idempotency_records where scope = :scope and idem_key = :key""")
                .param("scope", scope).param("key", key)
                .query((rs, n) -> new Existing(rs.getString("request_hash"), rs.getString("status"),
                        rs.getString("owner_token"), rs.getString("response_body"), Rows.instant(rs, "locked_at"),
                        Rows.instant(rs, "expires_at")))
                .optional());
    }

    /** Deletes expired records; an expired key may be used again for anything. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public void purgeExpired() {
        int purged = jdbc.sql("delete from idempotency_records where expires_at < :now")
                .param("now", Rows.utc(clock.instant())).update();
        if (purged > 0) {
            log.debug("Purged {} expired idempotency records", purged);
        }
    }

    private static String validKey(String key) {
        boolean printable = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable) {
            throw Refusal.invalid(HEADER,
                    "must be 1 to 255 visible ASCII characters, such as a UUID");
        }
        return key;
    }

    private String fingerprint(Request request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(request.operation().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(json.writeValueAsBytes(request.body()));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] associatedData(String scope, String key) {
        return ("idempotency\0" + scope + "\0" + key).getBytes(StandardCharsets.UTF_8);
    }

}

package io.ppml.he;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.ppml.crypto.KeyedHash;
import io.ppml.crypto.MasterKey;
import io.ppml.dp.DpReleases;
import io.ppml.he.HeDtos.CiphertextDto;
import io.ppml.he.HeDtos.ComputeRequest;
import io.ppml.he.HeDtos.ComputeResponse;
import io.ppml.he.HeDtos.DecryptRequest;
import io.ppml.he.HeDtos.DecryptResponse;
import io.ppml.he.HeDtos.DpRelease;
import io.ppml.he.HeDtos.EncryptRequest;
import io.ppml.he.HeDtos.EncryptResponse;
import io.ppml.he.HeDtos.Provenance;
import io.ppml.he.HeKeyService.LoadedVersion;
import io.ppml.he.core.Ciphertext;
import io.ppml.he.core.EncodedNumber;
import io.ppml.he.core.EncryptedNumber;
import io.ppml.he.core.HeException;
import io.ppml.he.core.PaillierPublicKey;
import io.ppml.persistence.Idempotency;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Encrypt, compute and decrypt: the transaction owner of these three endpoints.
 *
 * <p>Encrypt and compute write nothing: their one database read is {@link HeKeyService#load}, a read-only
 * transaction of its own, so no connection is held while they do the modular arithmetic. Decrypt runs in one
 * transaction under its {@code Idempotency-Key}; with {@code dp} it charges the privacy budget in that transaction
 * (through the DP module), so a retry returns the same noisy values and is charged once.
 *
 * <h2>Provenance and {@code minAggregated}</h2>
 * Ciphertexts the service issues carry a {@link Provenance}, a {@code count} and a {@code tag}: an HMAC (under a key
 * derived from the master key) over tenant, key id, version, v, e, provenance and count. {@code minAggregated} on
 * decrypt accepts only a ciphertext that is {@code FRESH} (one encryption) or an {@code AGGREGATE}: the SUM, ADD or
 * MEAN of {@code count} pairwise distinct {@code FRESH} ciphertexts. Any role can compute, so everything else is
 * refused: a sum of one encryption eight times is 8·x, a SUBTRACT of two overlapping sums is one contributor's value,
 * and a result re-randomised by ADD_PLAIN 0 or by a client is a copy that no longer looks like its input.
 * <p>
 * A fresh encryption's identity is its own v, so no separate id has to be drawn: its n-th residue holds at least
 * |n|/2 random bits (the DJN exponent of imported keys; a uniform residue otherwise), so two encryptions share v with
 * probability at most 2^-1024 at 2048 bits, and only the encrypt endpoint issues {@code FRESH} tags, over the v it
 * drew. The tag binds the exact decimal string, so a copy with leading zeros does not verify.
 * Compute results are never {@code FRESH} — their re-randomisation would otherwise mint new identities for old
 * contributions — so an aggregate cannot be an input of another aggregate, and no set of identities has to travel
 * with a ciphertext: size and per-input work stay constant (one HMAC and one hash-set insertion).
 * <p>
 * MEAN keeps eligibility because the mean of k distinct contributions with k public reveals exactly what their sum
 * does. ADD_PLAIN does not, although adding a public constant reveals nothing new: keeping the rule "plain sums only"
 * costs a client one addition after decrypting.
 * <p>
 * It guards against releasing one contributor's value by mistake, not against a caller who can encrypt (any role)
 * adding encryptions of zero or of values they know, nor against differencing two separately decrypted sums whose
 * sets overlap. Tags from before provenance existed ({@code count} without {@code provenance}, HMAC under the old
 * sub-key) still verify for computation and decryption but never pass {@code minAggregated}: their count may
 * include duplicates and differences.
 */
@Service
class HeService {

    private final HeKeyService keys;
    private final KeyedHash tags;
    private final KeyedHash legacyTags;
    private final DpReleases dp;
    private final Idempotency idempotency;
    private final HeMetrics metrics;

    HeService(HeKeyService keys, MasterKey masterKey, DpReleases dp, Idempotency idempotency,
            HeMetrics metrics) {
        this.keys = keys;
        // a sub-key of its own for the tag that covers provenance, so that no old tag can pass for a new one
        this.tags = masterKey.keyedHash("he-ciphertext-tags-v2");
        this.legacyTags = masterKey.keyedHash("he-ciphertext-tags");
        this.dp = dp;
        this.idempotency = idempotency;
        this.metrics = metrics;
    }

    EncryptResponse encrypt(Caller caller, String name, EncryptRequest request) {
        return metrics.time("encrypt", () -> encryptTimed(caller, name, request));
    }

    private EncryptResponse encryptTimed(Caller caller, String name, EncryptRequest request) {
        LoadedVersion key = keys.load(caller.tenantId(), name, request.version());
        List<CiphertextDto> out = new ArrayList<>(request.values().size());
        for (int i = 0; i < request.values().size(); i++) {
            EncodedNumber encoded = encode(request.values().get(i), request.exponent(), "values[" + i + "]");
            EncryptedNumber encrypted = at("values[" + i + "]", () -> key.publicKey().encrypt(encoded));
            out.add(issue(caller.tenantId(), key, encrypted, Provenance.FRESH, 1L));
        }
        return new EncryptResponse(name, key.version(), out);
    }

    ComputeResponse compute(Caller caller, ComputeRequest request) {
        return metrics.time(HeMetrics.label(request.operation()), () -> computeTimed(caller, request));
    }

    private ComputeResponse computeTimed(Caller caller, ComputeRequest request) {
        LoadedVersion key = keys.load(caller.tenantId(), request.key(), request.version());
        List<EncryptedNumber> inputs = new ArrayList<>();
        Set<BigInteger> freshInputs = new HashSet<>();
        boolean allFresh = true;
        boolean duplicates = false;
        for (int i = 0; i < request.ciphertexts().size(); i++) {
            CiphertextDto dto = request.ciphertexts().get(i);
            EncryptedNumber input = bind(key, dto, "ciphertexts[" + i + "]");
            inputs.add(input);
            if (verify(caller.tenantId(), key, dto, "ciphertexts[" + i + "]").source() == Source.FRESH) {
                duplicates |= !freshInputs.add(input.ciphertext().value());
            } else {
                allFresh = false;
            }
        }
        List<BigDecimal> operands = request.operands() == null ? List.of() : request.operands();
        PaillierPublicKey pk = key.publicKey();
        EncryptedNumber result = at("ciphertexts", () -> switch (request.operation()) {
            case ADD -> exactly(inputs, 2, operands, 0).get(0).add(inputs.get(1));
            case SUBTRACT -> exactly(inputs, 2, operands, 0).get(0).subtract(inputs.get(1));
            case SUM -> pk.sum(exactly(inputs, -1, operands, 0));
            case MEAN -> pk.mean(exactly(inputs, -1, operands, 0));
            case NEGATE -> exactly(inputs, 1, operands, 0).get(0).negate();
            case ADD_PLAIN -> exactly(inputs, 1, operands, 1).get(0).addPlain(encode(operands.get(0), null,
                    "operands[0]"));
            case MULTIPLY_PLAIN -> exactly(inputs, 1, operands, 1).get(0).multiplyPlain(encode(operands.get(0),
                    null, "operands[0]"));
            case DOT -> pk.dot(exactly(inputs, -1, operands, inputs.size()), weights(operands));
        });
        Provenance provenance = switch (request.operation()) {
            case ADD, SUM, MEAN -> !allFresh ? Provenance.DERIVED
                    : duplicates ? Provenance.DUPLICATE_INPUTS : Provenance.AGGREGATE;
            case SUBTRACT, NEGATE, ADD_PLAIN, MULTIPLY_PLAIN, DOT -> Provenance.DERIVED;
        };
        // a result leaves for callers who may hold the inputs: fresh randomness hides which operation made it
        EncryptedNumber rerandomized = at("ciphertexts", result::rerandomize);
        return new ComputeResponse(request.key(), key.version(), issue(caller.tenantId(), key, rerandomized,
                provenance, provenance == Provenance.AGGREGATE ? (long) freshInputs.size() : null));
    }

    Idempotency.Outcome<DecryptResponse> decrypt(Caller caller, String name, DecryptRequest request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/he/keys/" + name + "/decrypt", request), DecryptResponse.class,
                () -> metrics.time("decrypt", () -> {
                    LoadedVersion key = keys.decryptionKey(caller.tenantId(), name, request.version());
                    List<BigDecimal> values = new ArrayList<>();
                    for (int i = 0; i < request.ciphertexts().size(); i++) {
                        CiphertextDto dto = request.ciphertexts().get(i);
                        String field = "ciphertexts[" + i + "]";
                        EncryptedNumber encrypted = bind(key, dto, field);
                        Verified verified = verify(caller.tenantId(), key, dto, field);
                        if (request.minAggregated() != null) {
                            requireAggregated(verified, request.minAggregated(), field);
                        }
                        values.add(at(field, () -> key.requirePrivateKey().decrypt(encrypted).toBigDecimal()));
                    }
                    if (request.dp() == null) {
                        return new DecryptResponse(values, null);
                    }
                    double[] raw = values.stream().mapToDouble(BigDecimal::doubleValue).toArray();
                    DpReleases.Noisy noisy = dp.addNoise(caller, raw, request.dp().sensitivity(),
                            request.dp().epsilon(), "he.decrypt", "he-key:" + name + "/v" + request.version(),
                            idempotencyKey);
                    List<BigDecimal> released = new ArrayList<>();
                    for (double v : noisy.values()) {
                        released.add(BigDecimal.valueOf(v));
                    }
                    return new DecryptResponse(released, new DpRelease(noisy.epsilon(), noisy.scale(),
                            noisy.halfWidth(), noisy.level(), noisy.receiptId().toString(), noisy.epsilonRemaining()));
                }));
    }

    private CiphertextDto issue(UUID tenantId, LoadedVersion key, EncryptedNumber encrypted, Provenance provenance,
            @Nullable Long count) {
        Ciphertext c = encrypted.ciphertext();
        String v = c.value().toString();
        return new CiphertextDto(v, c.exponent(), provenance, count,
                tags.hashHex(tagged(tenantId, key, v, c.exponent(), provenance, count)));
    }

    /** What a ciphertext's tag establishes; {@code count} is set for {@code FRESH} and {@code AGGREGATE} only. */
    private record Verified(Source source, @Nullable Long count) {
    }

    /** The provenances a tag can carry, and the two ciphertexts without one. */
    private enum Source {
        FRESH, AGGREGATE, DUPLICATE_INPUTS, DERIVED,
        /** Tagged before provenance existed: the count may include duplicates and differences. */
        LEGACY,
        /** Made by a client, or sent without its tag. */
        UNTAGGED
    }

    /**
     * Checks a ciphertext's tag, if any, in constant time. A tag without provenance is verified in the old form
     * (tenant, key id, version, v, e, count under the old sub-key), so that ciphertexts issued before provenance
     * existed still compute and decrypt.
     */
    private Verified verify(UUID tenantId, LoadedVersion key, CiphertextDto dto, String field) {
        if (dto.tag() == null) {
            if (dto.provenance() != null || dto.count() != null) {
                throw mismatch(field);
            }
            return new Verified(Source.UNTAGGED, null);
        }
        if (dto.provenance() == null) {
            if (dto.count() == null || dto.count() < 1 || !legacyTags.matches(tenantId + "|" + key.keyId() + "|"
                    + key.version() + "|" + dto.v() + "|" + dto.e() + "|" + dto.count(), dto.tag())) {
                throw mismatch(field);
            }
            return new Verified(Source.LEGACY, null);
        }
        boolean countFits = switch (dto.provenance()) {
            case FRESH -> dto.count() != null && dto.count() == 1;
            case AGGREGATE -> dto.count() != null && dto.count() >= 1;
            case DUPLICATE_INPUTS, DERIVED -> dto.count() == null;
        };
        if (!countFits || !tags.matches(tagged(tenantId, key, dto.v(), dto.e(), dto.provenance(), dto.count()),
                dto.tag())) {
            throw mismatch(field);
        }
        Source source = switch (dto.provenance()) {
            case FRESH -> Source.FRESH;
            case AGGREGATE -> Source.AGGREGATE;
            case DUPLICATE_INPUTS -> Source.DUPLICATE_INPUTS;
            case DERIVED -> Source.DERIVED;
        };
        return new Verified(source, dto.count());
    }

    private static Refusal mismatch(String field) {
        return Refusal.invalid(field, "its provenance, count and tag do not match a ciphertext this "
                + "service issued under this key version; send them back unchanged, or none of them");
    }

    /** Refuses, naming the reason, a ciphertext that is not a plain sum of at least {@code min} distinct inputs. */
    private static void requireAggregated(Verified verified, long min, String field) {
        @Nullable String reason = switch (verified.source()) {
            case FRESH, AGGREGATE -> verified.count() != null && verified.count() >= min ? null
                    : "sums only " + verified.count() + " distinct encryption" + (verified.count() == 1 ? "" : "s")
                            + " (too few distinct inputs)";
            case DUPLICATE_INPUTS -> "is a sum in which the same encryption appears more than once (duplicate "
                    + "inputs), so its inputs are not distinct contributions";
            case DERIVED -> "is not a plain sum of distinct fresh encryptions: SUBTRACT, NEGATE, ADD_PLAIN, "
                    + "MULTIPLY_PLAIN and DOT, and any operation with a computed, pre-provenance or client-made input, "
                    + "give DERIVED results";
            case LEGACY -> "was tagged before provenance existed (count without provenance), so its count may include"
                    + " duplicate inputs or differences; recompute it with SUM or MEAN from fresh encryptions";
            case UNTAGGED -> "has no tag: the service did not issue it, so how many contributions it sums is unknown";
        };
        if (reason != null) {
            throw Refusal.invalid(field, reason + "; minAggregated " + min + " accepts only a FRESH or "
                    + "AGGREGATE ciphertext of at least " + min + " distinct encryptions");
        }
    }

    private static String tagged(UUID tenantId, LoadedVersion key, String v, int e, Provenance provenance,
            @Nullable Long count) {
        return tenantId + "|" + key.keyId() + "|" + key.version() + "|" + v + "|" + e + "|" + provenance + "|"
                + (count == null ? "-" : count);
    }

    private static EncryptedNumber bind(LoadedVersion key, CiphertextDto dto, String field) {
        return at(field, () -> key.publicKey().bind(new Ciphertext(new BigInteger(dto.v()), dto.e())));
    }

    private static EncodedNumber encode(BigDecimal value, @Nullable Integer exponent, String field) {
        return at(field, () -> {
            if (exponent != null) {
                return EncodedNumber.of(value, exponent);
            }
            BigDecimal stripped = value.stripTrailingZeros();
            return stripped.scale() <= 0 ? EncodedNumber.of(stripped.toBigIntegerExact())
                    : EncodedNumber.of(value.doubleValue());
        });
    }

    private static List<EncodedNumber> weights(List<BigDecimal> operands) {
        List<EncodedNumber> out = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            out.add(encode(operands.get(i), null, "operands[" + i + "]"));
        }
        return out;
    }

    /** Checks how many ciphertexts ({@code -1}: at least one) and operands an operation takes. */
    private static List<EncryptedNumber> exactly(List<EncryptedNumber> inputs, int ciphertexts,
            List<BigDecimal> operands, int operandCount) {
        if (ciphertexts > 0 && inputs.size() != ciphertexts) {
            throw Refusal.invalid("ciphertexts", "this operation takes exactly " + ciphertexts
                    + " ciphertext" + (ciphertexts == 1 ? "" : "s"));
        }
        if (operands.size() != operandCount) {
            throw Refusal.invalid("operands", operandCount == 0 ? "this operation takes no operands"
                    : "this operation takes exactly " + operandCount + " operand" + (operandCount == 1 ? "" : "s"));
        }
        return inputs;
    }

    /**
     * Runs core code on the value of one request field: the core's refusals are told the field's name (the core
     * cannot know it), and a number too large for {@link BigDecimal} arithmetic (1e999999999) is refused as one.
     */
    private static <T> T at(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (HeException e) {
            throw e.naming(field);
        } catch (ArithmeticException | NumberFormatException e) {
            throw Refusal.invalid(field, "is not a number the key can encode");
        }
    }
}

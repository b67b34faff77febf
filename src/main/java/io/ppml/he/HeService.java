package io.ppml.he;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import io.ppml.he.HeKeyStore.KeyRow;
import io.ppml.he.HeKeyStore.LoadedVersion;
import io.ppml.he.core.Ciphertext;
import io.ppml.he.core.EncodedNumber;
import io.ppml.he.core.EncryptedNumber;
import io.ppml.he.core.HeException;
import io.ppml.he.core.PaillierPublicKey;
import io.ppml.tenant.Caller;
import io.ppml.web.Idempotency;
import io.ppml.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Encrypt, compute and decrypt. Ciphertexts the service issues carry {@code count} — how many encrypted inputs went
 * into them — and {@code tag}, an HMAC (under a key derived from the master key) over tenant, key, version, v, e and
 * count, so that a later decrypt can check {@code minAggregated}: it refuses a ciphertext built from fewer inputs, a
 * guard against releasing one contributor's value by mistake. It is not a guard against a key owner who wants to:
 * adding encryptions of zero raises the count.
 */
@Service
class HeService {

    private final HeKeyStore keys;
    private final KeyedHash tags;
    private final DpReleases dp;
    private final Idempotency idempotency;

    HeService(HeKeyStore keys, MasterKey masterKey, DpReleases dp, Idempotency idempotency) {
        this.keys = keys;
        this.tags = masterKey.keyedHash("he-ciphertext-tags");
        this.dp = dp;
        this.idempotency = idempotency;
    }

    EncryptResponse encrypt(Caller caller, String name, EncryptRequest request) {
        LoadedVersion key = keys.load(caller.tenantId(), name, request.version());
        List<CiphertextDto> out = new ArrayList<>(request.values().size());
        for (int i = 0; i < request.values().size(); i++) {
            EncodedNumber encoded = encode(request.values().get(i), request.exponent(), "values[" + i + "]");
            EncryptedNumber encrypted = core(() -> key.publicKey().encrypt(encoded), "values[" + i + "]");
            out.add(issue(caller.tenantId(), key, encrypted, 1));
        }
        return new EncryptResponse(name, key.version(), out);
    }

    ComputeResponse compute(Caller caller, ComputeRequest request) {
        LoadedVersion key = keys.load(caller.tenantId(), request.key(), request.version());
        List<EncryptedNumber> inputs = new ArrayList<>();
        long count = 0;
        for (int i = 0; i < request.ciphertexts().size(); i++) {
            CiphertextDto dto = request.ciphertexts().get(i);
            inputs.add(bind(key, dto, "ciphertexts[" + i + "]"));
            count += verifiedCount(caller.tenantId(), key, dto, "ciphertexts[" + i + "]");
        }
        List<BigDecimal> operands = request.operands() == null ? List.of() : request.operands();
        PaillierPublicKey pk = key.publicKey();
        EncryptedNumber result = core(() -> switch (request.operation()) {
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
        }, "ciphertexts");
        // a result leaves for callers who may hold the inputs: fresh randomness hides which operation made it
        EncryptedNumber fresh = core(result::rerandomize, "ciphertexts");
        return new ComputeResponse(request.key(), key.version(), issue(caller.tenantId(), key, fresh, count));
    }

    Idempotency.Outcome<DecryptResponse> decrypt(Caller caller, String name, DecryptRequest request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/he/keys/" + name + "/decrypt", request), DecryptResponse.class, () -> {
                    KeyRow row = keys.row(caller.tenantId(), name);
                    if (row.imported()) {
                        throw new ProblemException.Conflict("Key '" + name + "' was imported: the service holds "
                                + "only its public key and can never decrypt under it.");
                    }
                    if (request.version() < row.minDecryptionVersion()) {
                        throw new ProblemException.Conflict("Version " + request.version() + " of key '" + name
                                + "' is below its minDecryptionVersion " + row.minDecryptionVersion()
                                + ": it no longer decrypts.");
                    }
                    LoadedVersion key = keys.load(caller.tenantId(), name, request.version());
                    List<BigDecimal> values = new ArrayList<>();
                    for (int i = 0; i < request.ciphertexts().size(); i++) {
                        CiphertextDto dto = request.ciphertexts().get(i);
                        String field = "ciphertexts[" + i + "]";
                        EncryptedNumber encrypted = bind(key, dto, field);
                        long count = verifiedCount(caller.tenantId(), key, dto, field);
                        if (request.minAggregated() != null && (dto.tag() == null || count < request.minAggregated())) {
                            throw new ProblemException.Invalid(field, "must be a ciphertext this service issued "
                                    + "from at least " + request.minAggregated() + " encrypted inputs (minAggregated);"
                                    + " it has " + (dto.tag() == null ? "no count" : count));
                        }
                        values.add(core(() -> key.privateKey().decrypt(encrypted).toBigDecimal(), field));
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
                });
    }

    private CiphertextDto issue(UUID tenantId, LoadedVersion key, EncryptedNumber encrypted, long count) {
        Ciphertext c = encrypted.ciphertext();
        String v = c.value().toString();
        return new CiphertextDto(v, c.exponent(), count, tags.hashHex(tagged(tenantId, key, v, c.exponent(), count)));
    }

    /** The number of encrypted inputs behind a ciphertext: its verified count if tagged, 1 if the client made it. */
    private long verifiedCount(UUID tenantId, LoadedVersion key, CiphertextDto dto, String field) {
        if (dto.tag() == null && dto.count() == null) {
            return 1;
        }
        if (dto.tag() == null || dto.count() == null || dto.count() < 1
                || !tags.matches(tagged(tenantId, key, dto.v(), dto.e(), dto.count()), dto.tag())) {
            throw new ProblemException.Invalid(field, "its count and tag do not match a ciphertext this service "
                    + "issued under this key version; send both unchanged, or neither");
        }
        return dto.count();
    }

    private static String tagged(UUID tenantId, LoadedVersion key, String v, int e, long count) {
        return tenantId + "|" + key.keyId() + "|" + key.version() + "|" + v + "|" + e + "|" + count;
    }

    private static EncryptedNumber bind(LoadedVersion key, CiphertextDto dto, String field) {
        return core(() -> key.publicKey().bind(new Ciphertext(new BigInteger(dto.v()), dto.e())), field);
    }

    private static EncodedNumber encode(BigDecimal value, @Nullable Integer exponent, String field) {
        return core(() -> {
            if (exponent != null) {
                return EncodedNumber.of(value, exponent);
            }
            BigDecimal stripped = value.stripTrailingZeros();
            return stripped.scale() <= 0 ? EncodedNumber.of(stripped.toBigIntegerExact())
                    : EncodedNumber.of(value.doubleValue());
        }, field);
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
            throw new ProblemException.Invalid("ciphertexts", "this operation takes exactly " + ciphertexts
                    + " ciphertext" + (ciphertexts == 1 ? "" : "s"));
        }
        if (operands.size() != operandCount) {
            throw new ProblemException.Invalid("operands", operandCount == 0 ? "this operation takes no operands"
                    : "this operation takes exactly " + operandCount + " operand" + (operandCount == 1 ? "" : "s"));
        }
        return inputs;
    }

    /** Runs core code, answering its refusals as 400 problems naming the field. */
    private static <T> T core(java.util.function.Supplier<T> call, String field) {
        try {
            return call.get();
        } catch (HeException e) {
            throw new ProblemException.Invalid(field, e.getMessage());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ProblemException.Invalid(field, "is not a number the key can encode");
        }
    }
}

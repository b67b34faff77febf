package io.ppml.smpc;

import io.ppml.refusal.Refusal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.ppml.smpc.core.Commitment;
import io.ppml.smpc.core.Field;
import io.ppml.smpc.core.SmpcException;

/**
 * The SMPC wire format — field elements as decimal strings, commitments as compressed hex points — and how the
 * core's refusals become problems, shared by the stateless endpoints and the sessions.
 */
final class SmpcWire {

    private SmpcWire() {
    }

    /** Decimal strings → field elements, each checked to lie in [0, q); a bad one is a 400 naming it. */
    static BigInteger[] elements(List<String> decimals, String field) {
        BigInteger[] out = new BigInteger[decimals.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = element(decimals.get(j), field + "[" + j + "]");
        }
        return out;
    }

    /** One decimal string → a field element, or a 400 naming {@code field}. */
    static BigInteger element(String decimal, String field) {
        return refusedAs400(() -> Field.parse(decimal, field));
    }

    static List<String> decimals(BigInteger[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (BigInteger v : values) {
            out.add(v.toString());
        }
        return out;
    }

    static List<Commitment> commitments(List<String> hex, String field) {
        List<Commitment> out = new ArrayList<>();
        for (int i = 0; i < hex.size(); i++) {
            String value = hex.get(i);
            String name = field + "[" + i + "]";
            out.add(refusedAs400(() -> Commitment.fromHex(value, name)));
        }
        return out;
    }

    /** Every core refusal as a 400 naming the field: what a node answers about a submitted share. */
    static <T> T refusedAs400(Supplier<T> call) {
        try {
            return call.get();
        } catch (SmpcException e) {
            throw Refusal.invalid(e.field(), e.reason());
        }
    }

    /**
     * At reconstruction a failed verification means a node's aggregate does not match the commitments — someone
     * tampered — so it is a 409; any other refusal is a 400.
     */
    static <T> T tamperingAs409(Supplier<T> call) {
        try {
            return call.get();
        } catch (SmpcException e) {
            if (e.kind() == SmpcException.Kind.VERIFICATION_FAILED) {
                throw Refusal.conflict("Verification failed at " + e.field() + ": " + e.reason()
                        + ". A node's share does not match the commitments.");
            }
            throw Refusal.invalid(e.field(), e.reason());
        }
    }
}

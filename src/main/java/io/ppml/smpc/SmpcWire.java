package io.ppml.smpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import io.ppml.smpc.core.Commitment;
import io.ppml.smpc.core.Field;

/**
 * The SMPC wire format — field elements as decimal strings, commitments as compressed hex points — shared by the
 * stateless endpoints and the sessions. What the core refuses here is a 400 naming the request field.
 */
final class SmpcWire {

    private SmpcWire() {
    }

    /** Decimal strings → field elements, each checked to lie in [0, q); a bad one is a 400 naming it. */
    static BigInteger[] elements(List<String> decimals, String field) {
        BigInteger[] out = new BigInteger[decimals.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = Field.parse(decimals.get(j), field + "[" + j + "]");
        }
        return out;
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
            out.add(Commitment.fromHex(hex.get(i), field + "[" + i + "]"));
        }
        return out;
    }
}

package io.ppml.he.core;

import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * g^e mod m for one fixed base g and exponents below 2^L, with the fixed-base comb method of Lim &amp; Lee
 * ("More flexible exponentiation with precomputation", CRYPTO '94; Menezes, van Oorschot &amp; Vanstone,
 * <i>Handbook of Applied Cryptography</i>, Algorithm 14.117).
 *
 * <p>The exponent's L bits are written as h rows of a = ⌈L/h⌉ bits, each row cut into v blocks of b = ⌈a/v⌉ bits.
 * The table holds, for every block column j &lt; v and every h-bit pattern i, G[j][i] = ∏_{s: bit s of i}
 * g^(2^(s·a + j·b)). One exponentiation then costs b − 1 squarings and at most a·(1 − 2^−h) multiplications —
 * about L/h + b instead of the ≈ 1.2·L of square-and-multiply — for a table of v·(2^h − 1) residues.
 *
 * <p>We take b = 8 and the largest h ≤ 11 whose table fits in {@link #TABLE_BYTES_BUDGET}: for L = 1024 that is
 * h = 11 at 2048-bit moduli (≈ 102 multiplications, 6.3 MB) and h = 10 at 4096-bit moduli (≈ 111, 6.8 MB).
 * Multiplications use {@link BarrettReducer}. The table is immutable after construction and shared by threads.
 */
final class FixedBaseExponentiator {

    /** Upper bound on the residues' bytes in one table. */
    static final long TABLE_BYTES_BUDGET = 8L << 20;
    private static final int BLOCK_BITS = 8;
    private static final int MAX_ROWS = 11;
    private static final int MIN_ROWS = 4;

    private final BarrettReducer reducer;
    private final int exponentBits;
    private final int h;
    private final int a;
    private final int v;
    private final int b;
    private final BigInteger[][] table;

    FixedBaseExponentiator(BigInteger base, BarrettReducer reducer, int exponentBits) {
        if (exponentBits <= 0) {
            throw new IllegalArgumentException("exponentBits must be positive");
        }
        this.reducer = reducer;
        this.exponentBits = exponentBits;
        int residueBytes = (reducer.modulus().bitLength() + 7) / 8;
        int rows = MAX_ROWS;
        while (rows > MIN_ROWS && tableBytes(exponentBits, rows, residueBytes) > TABLE_BYTES_BUDGET) {
            rows--;
        }
        this.h = rows;
        this.a = ceilDiv(exponentBits, h);
        this.v = ceilDiv(a, BLOCK_BITS);
        this.b = ceilDiv(a, v);
        this.table = buildTable(base.mod(reducer.modulus()));
    }

    private static long tableBytes(int exponentBits, int rows, int residueBytes) {
        int columns = ceilDiv(ceilDiv(exponentBits, rows), BLOCK_BITS);
        return (long) columns * ((1L << rows) - 1) * residueBytes;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private BigInteger[][] buildTable(BigInteger g) {
        // powers[s][j] = g^(2^(s·a + j·b)), by repeated squaring along the exponent's bit positions.
        BigInteger[][] powers = new BigInteger[h][v];
        BigInteger current = g;
        int position = 0;
        for (int s = 0; s < h; s++) {
            for (int j = 0; j < v; j++) {
                int target = s * a + j * b;
                while (position < target) {
                    current = reducer.multiply(current, current);
                    position++;
                }
                powers[s][j] = current;
            }
        }
        BigInteger[][] result = new BigInteger[v][1 << h];
        for (int j = 0; j < v; j++) {
            result[j][0] = BigInteger.ONE;
            for (int i = 1; i < (1 << h); i++) {
                int top = 31 - Integer.numberOfLeadingZeros(i);
                int rest = i & ~(1 << top);
                result[j][i] = rest == 0 ? powers[top][j] : reducer.multiply(result[j][rest], powers[top][j]);
            }
        }
        return result;
    }

    int exponentBits() {
        return exponentBits;
    }

    /** base^exponent mod m for 0 ≤ exponent &lt; 2^exponentBits. */
    BigInteger pow(BigInteger exponent) {
        if (exponent.signum() < 0 || exponent.bitLength() > exponentBits) {
            throw new IllegalArgumentException("exponent out of range");
        }
        long[] words = littleEndianWords(exponent, h * a);
        @Nullable BigInteger acc = null;
        for (int k = b - 1; k >= 0; k--) {
            if (acc != null) {
                acc = reducer.multiply(acc, acc);
            }
            for (int j = v - 1; j >= 0; j--) {
                int bitInRow = j * b + k;
                if (bitInRow >= a) {
                    continue;
                }
                int index = 0;
                for (int s = 0; s < h; s++) {
                    int bit = s * a + bitInRow;
                    index |= (int) ((words[bit >>> 6] >>> (bit & 63)) & 1L) << s;
                }
                if (index != 0) {
                    acc = acc == null ? table[j][index] : reducer.multiply(acc, table[j][index]);
                }
            }
        }
        return acc == null ? BigInteger.ONE.mod(reducer.modulus()) : acc;
    }

    private static long[] littleEndianWords(BigInteger x, int bits) {
        byte[] bytes = x.toByteArray(); // big-endian two's complement; x ≥ 0
        long[] words = new long[Math.max((bits + 63) / 64, (bytes.length + 7) / 8) + 1];
        for (int i = 0; i < bytes.length; i++) { // i-th least significant byte
            words[i >>> 3] |= (bytes[bytes.length - 1 - i] & 0xffL) << ((i & 7) * 8);
        }
        return words;
    }
}

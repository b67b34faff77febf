package io.ppml.he.core;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.security.MessageDigest;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.ppml.he.core.HeException.Problem;

/**
 * A Paillier private key (the primes p &lt; q): decrypts, and gives the {@link #publicKey()} that encrypts with the
 * fast exact CRT method. {@link #toString()} never prints key material; {@link #equals(Object)} compares in
 * constant time.
 *
 * <h2>Decryption (Paillier 1999, §7 "decryption using Chinese-remaindering"; python-paillier {@code raw_decrypt})</h2>
 * m_p = L_p(c^(p−1) mod p²)·h_p mod p with L_p(x) = (x − 1)/p and h_p = L_p(g^(p−1) mod p²)^−1 mod p, the same
 * for q, and m = m_p + p·((m_q − m_p)·p^−1 mod q). The cost is two exponentiations with |n|/2-bit exponents
 * modulo |n|-bit p² and q², a quarter of the single λ-exponentiation mod n².
 * {@code BigInteger.modPow} is not constant-time; decryption is for the key's owner, who is the only one it could
 * leak to, so no blinding is applied.
 *
 * <h2>Serialised form ({@link #toBytes()})</h2>
 * {@code "PHE" 0x01 | flags | len(p) p | len(q) q [| len(u_p) u_p | len(v_p) v_p | len(u_q) u_q | len(v_q) v_q]},
 * each len an unsigned 16-bit big-endian byte count and each number big-endian unsigned; flag bit 0 says whether
 * the factors of p − 1 and q − 1 follow. It is secret: seal it (AES-GCM) before storing. {@link #fromBytes(byte[])}
 * validates everything again.
 */
public final class PaillierPrivateKey {

    private static final byte[] MAGIC = {'P', 'H', 'E', 1};
    private static final int FLAG_FACTORS = 1;

    private final BigInteger p;
    private final BigInteger q;
    private final @Nullable PrimeFactors pFactors;
    private final @Nullable PrimeFactors qFactors;
    private final BigInteger pSquared;
    private final BigInteger qSquared;
    private final BigInteger pMinusOne;
    private final BigInteger qMinusOne;
    private final BigInteger hp;
    private final BigInteger hq;
    private final BigInteger pInverseModQ;
    private final PaillierPublicKey publicKey;

    private PaillierPrivateKey(BigInteger first, @Nullable PrimeFactors firstFactors, BigInteger second,
            @Nullable PrimeFactors secondFactors) {
        boolean swap = first.compareTo(second) > 0; // p < q, as python-paillier orders them
        this.p = swap ? second : first;
        this.q = swap ? first : second;
        this.pFactors = swap ? secondFactors : firstFactors;
        this.qFactors = swap ? firstFactors : secondFactors;
        BigInteger n = p.multiply(q);
        this.pSquared = p.multiply(p);
        this.qSquared = q.multiply(q);
        this.pMinusOne = p.subtract(BigInteger.ONE);
        this.qMinusOne = q.subtract(BigInteger.ONE);
        BigInteger g = n.add(BigInteger.ONE);
        this.hp = l(g.modPow(pMinusOne, pSquared), p).modInverse(p);
        this.hq = l(g.modPow(qMinusOne, qSquared), q).modInverse(q);
        this.pInverseModQ = p.modInverse(q);
        BigInteger pp = p;
        BigInteger qq = q;
        @Nullable PrimeFactors pf = pFactors;
        @Nullable PrimeFactors qf = qFactors;
        this.publicKey = PaillierPublicKey.held(n, key -> pf != null && qf != null
                ? CrtSampler.withGenerators(pp, pf, qq, qf)
                : CrtSampler.withLifts(pp, qq));
    }

    /**
     * Generates a key of {@code modulusBits} = 2048 or 3072 (smaller sizes are refused; DESIGN §6). Takes a few
     * seconds at 2048 bits and longer at 3072; see {@link PaillierKeyGenerator} for the primes and checks.
     */
    public static PaillierPrivateKey generate(int modulusBits) {
        return generate(modulusBits, PrimeSource.onDemand());
    }

    /**
     * {@link #generate(int)} with primes from {@code primes} (a {@link PrimePool} makes this take milliseconds). The
     * checks are the same whatever the source: a pair whose n is short, whose primes are too close (or equal) or
     * whose gcd(n, (p−1)(q−1)) ≠ 1 loses its second prime, which is dropped (never reused), and another is taken.
     */
    public static PaillierPrivateKey generate(int modulusBits, PrimeSource primes) {
        if (modulusBits != 2048 && modulusBits != 3072) {
            throw new HeException(Problem.INVALID_KEY, "modulus must have 2048 or 3072 bits, not " + modulusBits);
        }
        Objects.requireNonNull(primes, "primes");
        int primeBits = modulusBits / 2;
        BigInteger minDistance = BigInteger.ONE.shiftLeft(primeBits - 100);
        PaillierKeyGenerator.PrimeWithFactors p = primes.take(primeBits);
        while (true) {
            PaillierKeyGenerator.PrimeWithFactors q = primes.take(primeBits);
            if (acceptable(p.prime(), q.prime(), modulusBits, minDistance)) {
                return new PaillierPrivateKey(p.prime(), p.factors(), q.prime(), q.factors());
            }
        }
    }

    /** The key-level checks of {@link #generate(int, PrimeSource)}, on top of each prime's own (FIPS 186-4 B.3.1). */
    static boolean acceptable(BigInteger p, BigInteger q, int modulusBits, BigInteger minDistance) {
        return p.bitLength() == modulusBits / 2 && q.bitLength() == modulusBits / 2
                && p.multiply(q).bitLength() == modulusBits && p.subtract(q).abs().compareTo(minDistance) > 0
                && coprimeToTotient(p, q);
    }

    /**
     * A key from its primes alone, validated like a generated key (probable primes of equal length, n of at least
     * 2048 bits, |p − q| &gt; 2^(|p| − 100), gcd(n, (p−1)(q−1)) = 1). Without the factors of p − 1 its public key
     * encrypts with {@link EncryptionMethod#CRT_LIFT}.
     */
    public static PaillierPrivateKey fromPrimes(BigInteger p, BigInteger q) {
        validatePrimes(p, q);
        return new PaillierPrivateKey(p, null, q, null);
    }

    private static void validatePrimes(BigInteger p, BigInteger q) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(q, "q");
        if (p.signum() <= 0 || q.signum() <= 0 || p.bitLength() != q.bitLength()) {
            throw new HeException(Problem.INVALID_KEY, "p and q must be positive and of equal bit length");
        }
        BigInteger n = p.multiply(q);
        if (n.bitLength() < PaillierPublicKey.MIN_MODULUS_BITS || n.bitLength() > PaillierPublicKey.MAX_MODULUS_BITS) {
            throw new HeException(Problem.INVALID_KEY, "modulus has " + n.bitLength() + " bits; "
                    + PaillierPublicKey.MIN_MODULUS_BITS + " to " + PaillierPublicKey.MAX_MODULUS_BITS + " are accepted");
        }
        if (p.subtract(q).abs().compareTo(BigInteger.ONE.shiftLeft(p.bitLength() - 100)) <= 0) {
            throw new HeException(Problem.INVALID_KEY, "p and q are too close");
        }
        if (!p.isProbablePrime(PaillierKeyGenerator.PRIME_CERTAINTY)
                || !q.isProbablePrime(PaillierKeyGenerator.PRIME_CERTAINTY)) {
            throw new HeException(Problem.INVALID_KEY, "p and q must be prime");
        }
        if (!coprimeToTotient(p, q)) {
            throw new HeException(Problem.INVALID_KEY, "gcd(n, (p−1)(q−1)) must be 1");
        }
    }

    private static boolean coprimeToTotient(BigInteger p, BigInteger q) {
        BigInteger totient = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        return p.multiply(q).gcd(totient).equals(BigInteger.ONE);
    }

    // ---------------------------------------------------------------- serialisation

    /** The secret serialised form (see the class comment); seal it before storing. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        boolean factors = pFactors != null && qFactors != null;
        out.write(factors ? FLAG_FACTORS : 0);
        writeNumber(out, p);
        writeNumber(out, q);
        if (factors) {
            writeNumber(out, pFactors.u());
            writeNumber(out, pFactors.v());
            writeNumber(out, qFactors.u());
            writeNumber(out, qFactors.v());
        }
        return out.toByteArray();
    }

    /** Reads {@link #toBytes()}'s form and validates it as {@link #fromPrimes} does (and the factors, if any). */
    public static PaillierPrivateKey fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!MessageDigest.isEqual(magic, MAGIC)) {
                throw new HeException(Problem.INVALID_KEY, "not a serialised Paillier private key (version 1)");
            }
            int flags = in.get() & 0xff;
            if ((flags & ~FLAG_FACTORS) != 0) {
                throw new HeException(Problem.INVALID_KEY, "unknown flags in a serialised private key");
            }
            BigInteger p = readNumber(in);
            BigInteger q = readNumber(in);
            @Nullable PrimeFactors pf = null;
            @Nullable PrimeFactors qf = null;
            if ((flags & FLAG_FACTORS) != 0) {
                pf = new PrimeFactors(readNumber(in), readNumber(in));
                qf = new PrimeFactors(readNumber(in), readNumber(in));
            }
            if (in.hasRemaining()) {
                throw new HeException(Problem.INVALID_KEY, "trailing bytes after a serialised private key");
            }
            validatePrimes(p, q);
            if (pf != null && qf != null && (!pf.factor(p) || !qf.factor(q))) {
                throw new HeException(Problem.INVALID_KEY, "the factors of p − 1 or q − 1 do not match");
            }
            return new PaillierPrivateKey(p, pf, q, qf);
        } catch (BufferUnderflowException e) {
            throw new HeException(Problem.INVALID_KEY, "truncated serialised private key");
        }
    }

    private static void writeNumber(ByteArrayOutputStream out, BigInteger x) {
        byte[] bytes = PaillierPublicKey.unsignedBytes(x);
        out.write(bytes.length >>> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    private static BigInteger readNumber(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        if (length == 0) {
            throw new HeException(Problem.INVALID_KEY, "empty number in a serialised private key");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new BigInteger(1, bytes);
    }

    // ---------------------------------------------------------------- decryption

    /** The public key; it encrypts with the CRT method ({@link EncryptionMethod#CRT_GENERATOR} for generated keys). */
    public PaillierPublicKey publicKey() {
        return publicKey;
    }

    /**
     * Decrypts and decodes; {@link Problem#KEY_MISMATCH} for another key's ciphertext, {@link Problem#OVERFLOW} when
     * the plaintext lies in the guard band.
     */
    public EncodedNumber decrypt(EncryptedNumber ciphertext) {
        publicKey.requireSame(ciphertext.publicKey());
        return publicKey.fromResidue(rawDecrypt(ciphertext.value()), ciphertext.exponent());
    }

    /**
     * Validates a ciphertext from outside against this key and decrypts it. With p and q known, membership in
     * Z*_{n²} is checked as c mod p ≠ 0 and c mod q ≠ 0, cheaper than the public key's gcd.
     */
    public EncodedNumber decrypt(Ciphertext ciphertext) {
        BigInteger c = ciphertext.value();
        if (c.signum() <= 0 || c.compareTo(publicKey.nSquared()) >= 0) {
            throw new HeException(Problem.INVALID_CIPHERTEXT, "ciphertext must lie in (0, n²)");
        }
        if (c.mod(p).signum() == 0 || c.mod(q).signum() == 0) {
            throw new HeException(Problem.INVALID_CIPHERTEXT, "ciphertext is not coprime to n");
        }
        EncodedNumber.checkExponent(ciphertext.exponent());
        return publicKey.fromResidue(rawDecrypt(c), ciphertext.exponent());
    }

    /** The plaintext residue in [0, n) of c ∈ Z*_{n²}. */
    BigInteger rawDecrypt(BigInteger c) {
        BigInteger mp = l(c.modPow(pMinusOne, pSquared), p).multiply(hp).mod(p);
        BigInteger mq = l(c.modPow(qMinusOne, qSquared), q).multiply(hq).mod(q);
        return mp.add(p.multiply(mq.subtract(mp).multiply(pInverseModQ).mod(q)));
    }

    /** The smaller prime; for tests in this package only. */
    BigInteger p() {
        return p;
    }

    /** The larger prime; for tests in this package only. */
    BigInteger q() {
        return q;
    }

    private static BigInteger l(BigInteger x, BigInteger prime) {
        return x.subtract(BigInteger.ONE).divide(prime);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof PaillierPrivateKey other
                && MessageDigest.isEqual(p.toByteArray(), other.p.toByteArray())
                && MessageDigest.isEqual(q.toByteArray(), other.q.toByteArray()));
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "PaillierPrivateKey[modulusBits=" + publicKey.modulusBits() + ", fingerprint="
                + publicKey.fingerprint() + "]";
    }
}

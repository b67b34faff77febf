package io.ppml.he.core;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.ppml.he.core.HeException.Problem;

import org.jspecify.annotations.Nullable;

/**
 * A Paillier public key with g = n + 1 (Paillier, "Public-key cryptosystems based on composite degree residuosity
 * classes", EUROCRYPT '99; g = n + 1 as in python-paillier and javallier): what encrypts and evaluates, but cannot
 * decrypt.
 *
 * <h2>Encryption: which randomness, and why</h2>
 * A ciphertext is c = (1 + m·n)·R mod n² where R is a random n-th residue. Textbook Paillier takes R = r^n mod n²,
 * an exponentiation by the |n|-bit n modulo the 2|n|-bit n² that dominates the cost. The method is fixed by what
 * the service knows about the key ({@link #encryptionMethod()}):
 * <ul>
 *   <li><b>keys the service holds</b> ({@link PaillierPrivateKey#publicKey()}): {@link EncryptionMethod#CRT_GENERATOR}
 *       — R is computed mod p² and q² with generator tables and recombined; its distribution is exactly that of
 *       r^n, so security is exactly DCR. Keys rebuilt from p and q alone use {@link EncryptionMethod#CRT_LIFT}
 *       (also exact, slower).</li>
 *   <li><b>imported public keys</b> ({@link #of(BigInteger)}, {@link #fromJwk(Map)}): only n is known, so
 *       {@link EncryptionMethod#DJN_SHORT_EXPONENT} — R = h_s^α with a per-key fixed base and a table built once on
 *       the first encryption and kept with this object (cache the object per key). Its security needs the
 *       Damgård–Jurik–Nielsen short-exponent assumption in addition to DCR; see that constant.</li>
 * </ul>
 * {@link #encryptTextbook(EncodedNumber, BigInteger)} keeps the textbook formula with a caller's r, for tests.
 *
 * <h2>Numbers</h2>
 * Plaintexts are python-paillier {@link EncodedNumber}s; the mantissa m must satisfy |m| ≤ max_int = ⌊n/3⌋ − 1 and
 * is stored as m mod n (negatives as n − |m|). A decrypted residue between max_int and n − max_int is reported as
 * {@link Problem#OVERFLOW}, never decoded (python-paillier {@code EncodedNumber.decode}).
 *
 * <h2>Identity</h2>
 * Keys are equal when their moduli are; an {@link EncryptedNumber} keeps its key and every operation refuses
 * operands of another key ({@link Problem#KEY_MISMATCH}).
 */
public final class PaillierPublicKey {

    /** Smallest modulus accepted anywhere (DESIGN §6). */
    public static final int MIN_MODULUS_BITS = 2048;
    /** Largest modulus accepted from outside, so that an imported key cannot make every operation arbitrarily slow. */
    public static final int MAX_MODULUS_BITS = 8192;

    private static final BigInteger THREE = BigInteger.valueOf(3);
    /** Product of the odd primes below 2^12: a hostile modulus with a small factor is refused by one gcd. */
    private static final BigInteger SMALL_PRIMORIAL = smallPrimorial(4096);

    private final BigInteger n;
    private final BigInteger nSquared;
    private final BigInteger maxInt;
    private final BarrettReducer modN;
    private final BarrettReducer modNSquared;
    private final Function<PaillierPublicKey, NthResidueSampler> samplerFactory;
    private volatile @Nullable NthResidueSampler sampler;

    private PaillierPublicKey(BigInteger n, Function<PaillierPublicKey, NthResidueSampler> samplerFactory) {
        this.n = n;
        this.nSquared = n.multiply(n);
        this.maxInt = n.divide(THREE).subtract(BigInteger.ONE);
        this.modN = new BarrettReducer(n);
        this.modNSquared = new BarrettReducer(nSquared);
        this.samplerFactory = samplerFactory;
    }

    /**
     * A public key from its modulus alone (an imported key), validated: odd, {@value #MIN_MODULUS_BITS} to
     * {@value #MAX_MODULUS_BITS} bits, no prime factor below 4096, not a square, not prime.
     */
    public static PaillierPublicKey of(BigInteger n) {
        validateModulus(n);
        return new PaillierPublicKey(n, key -> DjnSampler.create(key.n, key.modNSquared));
    }

    /** A key whose randomness comes from the private key's CRT sampler; n was validated with the primes. */
    static PaillierPublicKey held(BigInteger n, Function<PaillierPublicKey, NthResidueSampler> samplerFactory) {
        return new PaillierPublicKey(n, samplerFactory);
    }

    private static void validateModulus(BigInteger n) {
        Objects.requireNonNull(n, "n");
        if (n.bitLength() < MIN_MODULUS_BITS) {
            throw new HeException(Problem.INVALID_KEY,
                    "modulus has " + n.bitLength() + " bits; at least " + MIN_MODULUS_BITS + " are required");
        }
        if (n.bitLength() > MAX_MODULUS_BITS) {
            throw new HeException(Problem.INVALID_KEY,
                    "modulus has " + n.bitLength() + " bits; at most " + MAX_MODULUS_BITS + " are accepted");
        }
        if (!n.testBit(0)) {
            throw new HeException(Problem.INVALID_KEY, "modulus is even");
        }
        if (!n.gcd(SMALL_PRIMORIAL).equals(BigInteger.ONE)) {
            throw new HeException(Problem.INVALID_KEY, "modulus has a small prime factor");
        }
        BigInteger root = n.sqrt();
        if (root.multiply(root).equals(n)) {
            throw new HeException(Problem.INVALID_KEY, "modulus is a perfect square");
        }
        if (n.isProbablePrime(64)) {
            throw new HeException(Problem.INVALID_KEY, "modulus is prime, not a product of two primes");
        }
    }

    // ---------------------------------------------------------------- JWK (python-paillier's pheutil shape)

    /**
     * The key as pheutil writes it: {@code {"kty":"DAJ","alg":"PAI-GN1","key_ops":["encrypt"],"kid":kid,"n":…}}
     * with n base64url (RFC 4648 §5) of its minimal big-endian unsigned bytes, without padding
     * (python-paillier {@code phe/util.py int_to_base64}).
     */
    public Map<String, Object> toJwk(String kid) {
        Objects.requireNonNull(kid, "kid");
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "DAJ");
        jwk.put("alg", "PAI-GN1");
        jwk.put("key_ops", List.of("encrypt"));
        jwk.put("kid", kid);
        jwk.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(unsignedBytes(n)));
        return Collections.unmodifiableMap(jwk);
    }

    /**
     * Reads a pheutil-shaped JWK: kty must be "DAJ", alg "PAI-GN1", key_ops (when present) must contain "encrypt",
     * n must be unpadded base64url; the modulus is then validated as in {@link #of(BigInteger)}.
     */
    public static PaillierPublicKey fromJwk(Map<String, ?> jwk) {
        Objects.requireNonNull(jwk, "jwk");
        if (!"DAJ".equals(jwk.get("kty"))) {
            throw new HeException(Problem.INVALID_KEY, "JWK kty must be \"DAJ\"");
        }
        if (!"PAI-GN1".equals(jwk.get("alg"))) {
            throw new HeException(Problem.INVALID_KEY, "JWK alg must be \"PAI-GN1\"");
        }
        Object ops = jwk.get("key_ops");
        if (ops != null && !(ops instanceof Collection<?> list && list.contains("encrypt"))) {
            throw new HeException(Problem.INVALID_KEY, "JWK key_ops must contain \"encrypt\"");
        }
        if (!(jwk.get("n") instanceof String encoded) || encoded.isEmpty()
                || !encoded.chars().allMatch(PaillierPublicKey::isBase64UrlChar)) {
            throw new HeException(Problem.INVALID_KEY, "JWK n must be an unpadded base64url string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new HeException(Problem.INVALID_KEY, "JWK n is not valid base64url");
        }
        return of(new BigInteger(1, bytes));
    }

    private static boolean isBase64UrlChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    static byte[] unsignedBytes(BigInteger x) {
        byte[] bytes = x.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return bytes;
    }

    // ---------------------------------------------------------------- properties

    public BigInteger modulus() {
        return n;
    }

    public int modulusBits() {
        return n.bitLength();
    }

    /** python-paillier's max_int = ⌊n/3⌋ − 1: the largest |mantissa| that can be encrypted or used as an operand. */
    public BigInteger maxInt() {
        return maxInt;
    }

    /** How {@link #encrypt(EncodedNumber)} draws its randomness for this key object. */
    public EncryptionMethod encryptionMethod() {
        return sampler().method();
    }

    /** First 12 hex digits of SHA-256 over n's big-endian bytes: a short public name for logs and key ids. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(unsignedBytes(n));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every JVM", e);
        }
    }

    // ---------------------------------------------------------------- encryption

    /** Encrypts an encoded number with this key's {@link #encryptionMethod()}; |mantissa| must be ≤ max_int. */
    public EncryptedNumber encrypt(EncodedNumber plaintext) {
        BigInteger m = toResidue(plaintext);
        return new EncryptedNumber(this, multiplyByOnePlusMn(sampler().sample(), m), plaintext.exponent());
    }

    public EncryptedNumber encrypt(long value) {
        return encrypt(EncodedNumber.of(value));
    }

    public EncryptedNumber encrypt(BigInteger value) {
        return encrypt(EncodedNumber.of(value));
    }

    /** Encrypts a finite double with python-paillier's exponent (exact, see {@link EncodedNumber}). */
    public EncryptedNumber encrypt(double value) {
        return encrypt(EncodedNumber.of(value));
    }

    /**
     * Textbook Paillier, c = (1 + m·n)·r^n mod n² with the caller's r ∈ Z*_n — for tests and known-answer vectors.
     * Never use a fixed r in production: equal r and m give equal ciphertexts.
     */
    public EncryptedNumber encryptTextbook(EncodedNumber plaintext, BigInteger r) {
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE)) {
            throw new HeException(Problem.INVALID_ARGUMENT, "r must lie in Z*_n");
        }
        BigInteger m = toResidue(plaintext);
        BigInteger c = BigInteger.ONE.add(m.multiply(n)).multiply(r.modPow(n, nSquared)).mod(nSquared);
        return new EncryptedNumber(this, c, plaintext.exponent());
    }

    /**
     * A ciphertext from outside, bound to this key after validation: 0 &lt; c &lt; n², gcd(c, n) = 1 (so c ∈ Z*_{n²})
     * and |exponent| ≤ {@link EncodedNumber#MAX_EXPONENT_MAGNITUDE}. Otherwise {@link Problem#INVALID_CIPHERTEXT}.
     */
    public EncryptedNumber bind(Ciphertext ciphertext) {
        BigInteger c = ciphertext.value();
        if (c.signum() <= 0 || c.compareTo(nSquared) >= 0) {
            throw new HeException(Problem.INVALID_CIPHERTEXT, "ciphertext must lie in (0, n²)");
        }
        if (!c.gcd(n).equals(BigInteger.ONE)) {
            throw new HeException(Problem.INVALID_CIPHERTEXT, "ciphertext is not coprime to n");
        }
        EncodedNumber.checkExponent(ciphertext.exponent());
        return new EncryptedNumber(this, c, ciphertext.exponent());
    }

    // ---------------------------------------------------------------- aggregate operations

    /** Σ xᵢ, exponents aligned to the smallest first (python-paillier's {@code sum}). */
    public EncryptedNumber sum(List<EncryptedNumber> terms) {
        if (terms.isEmpty()) {
            throw new HeException(Problem.INVALID_ARGUMENT, "a sum needs at least one ciphertext");
        }
        int exponent = Integer.MAX_VALUE;
        for (EncryptedNumber term : terms) {
            requireSame(term.publicKey());
            exponent = Math.min(exponent, term.exponent());
        }
        @Nullable BigInteger product = null;
        for (EncryptedNumber term : terms) {
            BigInteger value = term.decreaseExponentTo(exponent).value();
            product = product == null ? value : modNSquared.multiply(product, value);
        }
        return new EncryptedNumber(this, product, exponent);
    }

    /** Σ xᵢ·wᵢ for ciphertexts xᵢ and plaintext weights wᵢ. */
    public EncryptedNumber dot(List<EncryptedNumber> ciphertexts, List<EncodedNumber> weights) {
        if (ciphertexts.isEmpty() || ciphertexts.size() != weights.size()) {
            throw new HeException(Problem.INVALID_ARGUMENT,
                    "a dot product needs as many weights as ciphertexts, and at least one");
        }
        List<EncryptedNumber> terms = new ArrayList<>(ciphertexts.size());
        for (int i = 0; i < ciphertexts.size(); i++) {
            terms.add(ciphertexts.get(i).multiplyPlain(weights.get(i)));
        }
        return sum(terms);
    }

    /**
     * The mean (Σ xᵢ)·(1/k), with 1/k encoded as python-paillier encodes the float {@code 1/k}
     * ({@code EncryptedNumber.__truediv__} is {@code self * (1 / scalar)}): the result is exactly the sum times the
     * double nearest 1/k, i.e. the true mean within a relative 2^−53, and its exponent is the sum's plus that
     * double's (e.g. −15 for k = 10). Dividing by shifting the exponent instead would be exact only for k a power of 16.
     */
    public EncryptedNumber mean(List<EncryptedNumber> terms) {
        EncryptedNumber total = sum(terms);
        return total.multiplyPlain(EncodedNumber.of(1.0 / terms.size()));
    }

    // ---------------------------------------------------------------- package-private arithmetic

    void requireSame(PaillierPublicKey other) {
        if (other != this && !other.n.equals(n)) {
            throw new HeException(Problem.KEY_MISMATCH, "ciphertexts of different keys cannot be combined");
        }
    }

    /** The residue of an encoded number: m mod n, refused when |m| &gt; max_int. */
    BigInteger toResidue(EncodedNumber x) {
        BigInteger m = x.mantissa();
        if (m.abs().compareTo(maxInt) > 0) {
            throw new HeException(Problem.OVERFLOW,
                    "a mantissa of " + m.abs().bitLength() + " bits exceeds max_int of this key");
        }
        return m.signum() < 0 ? m.add(n) : m;
    }

    /** python-paillier's decode: residues up to max_int are positive, from n − max_int negative, between: overflow. */
    EncodedNumber fromResidue(BigInteger residue, int exponent) {
        if (residue.compareTo(maxInt) <= 0) {
            return new EncodedNumber(residue, exponent);
        }
        if (residue.compareTo(n.subtract(maxInt)) >= 0) {
            return new EncodedNumber(residue.subtract(n), exponent);
        }
        throw new HeException(Problem.OVERFLOW,
                "overflow detected: the decrypted value lies in the guard band between max_int and n − max_int");
    }

    /** c·(1 + m·n) mod n² for residues c ∈ Z_{n²}, m ∈ Z_n, as c + n·(m·c mod n): (1 + mn)c ≡ c + n(mc mod n) (mod n²). */
    BigInteger multiplyByOnePlusMn(BigInteger c, BigInteger m) {
        if (m.signum() == 0) {
            return c;
        }
        BigInteger mc = modN.multiply(m, modN.reduce(c));
        BigInteger result = c.add(n.multiply(mc));
        return result.compareTo(nSquared) >= 0 ? result.subtract(nSquared) : result;
    }

    BigInteger multiplyModNSquared(BigInteger a, BigInteger b) {
        return modNSquared.multiply(a, b);
    }

    BigInteger nSquared() {
        return nSquared;
    }

    BigInteger randomNthResidue() {
        return sampler().sample();
    }

    private NthResidueSampler sampler() {
        NthResidueSampler s = sampler;
        if (s == null) {
            synchronized (this) {
                s = sampler;
                if (s == null) {
                    s = samplerFactory.apply(this);
                    sampler = s;
                }
            }
        }
        return s;
    }

    private static BigInteger smallPrimorial(int below) {
        BigInteger product = BigInteger.ONE;
        for (int i = 3; i < below; i += 2) {
            if (BigInteger.valueOf(i).isProbablePrime(64)) {
                product = product.multiply(BigInteger.valueOf(i));
            }
        }
        return product;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof PaillierPublicKey other && other.n.equals(n));
    }

    @Override
    public int hashCode() {
        return n.hashCode();
    }

    @Override
    public String toString() {
        return "PaillierPublicKey[modulusBits=" + n.bitLength() + ", fingerprint=" + fingerprint() + "]";
    }
}

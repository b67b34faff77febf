package io.ppml.he.core;

/**
 * How a key produces the random n-th residue that hides a plaintext (the r^n of c = (1 + n)^m · r^n mod n²,
 * Paillier 1999). Which one a key uses is decided by what the service knows about it — see
 * {@link PaillierPublicKey} for the policy.
 */
public enum EncryptionMethod {

    /**
     * Keys the service generated (p − 1 = 2·u·v and q − 1 = 2·u'·v' with known primes u, v, u', v'): the residue is
     * computed mod p² and mod q² as G_p^x and G_q^y for generators G_p, G_q of the order-(p−1) and order-(q−1)
     * subgroups and uniform x &lt; p − 1, y &lt; q − 1, with fixed-base tables, then recombined by the CRT. Its
     * distribution is <em>identical</em> to that of r^n mod n² for uniform r ∈ Z*_n, so security rests on the
     * decisional composite residuosity (DCR) assumption exactly as textbook Paillier.
     */
    CRT_GENERATOR,

    /**
     * Keys whose primes are known but not the factors of p − 1 (e.g. rebuilt from p and q alone): the residue is
     * ω(a)·ω(b) recombined by the CRT, with ω(a) = a^p mod p² for uniform a ∈ Z*_p (the Teichmüller lift). Same
     * distribution as r^n mod n², so again exactly DCR; about twice as fast as textbook but slower than
     * {@link #CRT_GENERATOR}.
     */
    CRT_LIFT,

    /**
     * Keys of which only n is known (imported public keys): the Damgård–Jurik–Nielsen variant, h_s^α mod n² with
     * h_s = (−y²)^n mod n² for a random y fixed per key, and α uniform below 2^⌈k/2⌉ (k = bits of n), with a
     * fixed-base table for h_s. Damgård, Jurik &amp; Nielsen, "A generalization of Paillier's public-key system with
     * applications to electronic voting", Int. J. Inf. Secur. 9(6):371–385, 2010. <strong>Its security rests on a
     * stronger assumption than DCR</strong>: besides DCR it needs that h_s^α with α of only k/2 bits cannot be told
     * from a uniform element of the group h_s generates (the paper's short-exponent assumption). python-paillier and
     * javallier do not use this variant.
     */
    DJN_SHORT_EXPONENT
}

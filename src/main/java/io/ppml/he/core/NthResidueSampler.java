package io.ppml.he.core;

import java.math.BigInteger;

/** Draws the random n-th residue mod n² that one encryption (or re-randomisation) multiplies in. */
interface NthResidueSampler {

    /** A fresh random n-th residue mod n², from {@link io.ppml.crypto.Randomness#secureRandom()}. */
    BigInteger sample();

    EncryptionMethod method();
}

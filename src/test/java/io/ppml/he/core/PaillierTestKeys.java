package io.ppml.he.core;

import java.math.BigInteger;

/**
 * Keys shared by every HE test class in the JVM: key generation takes seconds, so each size is generated once,
 * lazily, and reused across tries and classes.
 */
final class PaillierTestKeys {

    /**
     * A fixed 2048-bit key for known-answer tests, generated once by {@link PaillierPrivateKey#generate(int)} and
     * pasted here (its factors of p − 1 were not kept, so it encrypts with {@link EncryptionMethod#CRT_LIFT}).
     */
    static final BigInteger VECTOR_P = new BigInteger(
            "146001299184044517888866661897435522060427922361319294494987208858019709375230364871275998429377"
            + "268496238097512937029388567439489861233283013639779806060110966038723956881201725886155642283778"
            + "831625083031757656630297855523529171588300740703685680066750279842504673592721857855566635187698"
            + "904740011490579044167");
    static final BigInteger VECTOR_Q = new BigInteger(
            "148048843434011527766067913594894392798463985171042518672668431209628265284601294782956419421932"
            + "788273927612140825750755742465834208143855788773189181323080990899711768818425345566067926195586"
            + "986196130993873012935371413026804866042808063560838260527401791952682054531439575268741808859527"
            + "967315946859944553163");

    private PaillierTestKeys() {
    }

    static PaillierPrivateKey key2048() {
        return Holder2048.KEY;
    }

    /** A second, independent 2048-bit key, for key-mixing tests. */
    static PaillierPrivateKey otherKey2048() {
        return HolderOther.KEY;
    }

    static PaillierPrivateKey key3072() {
        return Holder3072.KEY;
    }

    static PaillierPrivateKey vectorKey() {
        return HolderVector.KEY;
    }

    private static final class Holder2048 {
        static final PaillierPrivateKey KEY = PaillierPrivateKey.generate(2048);
    }

    private static final class HolderOther {
        static final PaillierPrivateKey KEY = PaillierPrivateKey.generate(2048);
    }

    private static final class Holder3072 {
        static final PaillierPrivateKey KEY = PaillierPrivateKey.generate(3072);
    }

    private static final class HolderVector {
        static final PaillierPrivateKey KEY = PaillierPrivateKey.fromPrimes(VECTOR_P, VECTOR_Q);
    }
}

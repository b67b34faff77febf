package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SMPC verification and aggregation on one thread, each against a baseline measured in the same run.
 *
 * <ul>
 *   <li><b>Verification.</b> {@link #verifyVectorCommitment1000} checks a 1,000-coordinate share against its one
 *       vector commitment Σ x_j·G_j + r·H (one fixed-base multi-scalar multiplication of 1,001 points);
 *       {@link #baselineVerify1000ScalarCommitments} checks the same 1,000 values against 1,000 separate scalar
 *       commitments x_j·G + r_j·H, each with Bouncy Castle's Shamir-trick double multiplication — the best
 *       single-commitment check the library offers. {@link #verifyShamirVssShare1000} is the node's full Pedersen
 *       VSS check of a 1,000-coordinate Shamir share (t = 3), for reference.</li>
 *   <li><b>Aggregation.</b> {@link #aggregate10000Submissions} is {@link Share#sum} over 10,000 submissions of 1,000
 *       coordinates (session and party checks, lazy reduction), against two plain loops over the same numbers:
 *       {@link #baselineBigIntegerAddMod} ({@code acc[j] = acc[j].add(v[j]).mod(q)}, the obvious modular sum) and
 *       {@link #baselineBigIntegerAddReduceOnce} (plain additions, one {@code mod} per coordinate at the end: the
 *       fastest BigInteger loop, and the same arithmetic Share.sum does).</li>
 * </ul>
 * Memory scaling: 10,000 × 1,000 distinct BigIntegers would take about 0.9 GB, so the 10,000 submissions cycle
 * through 1,000 distinct random vectors (about 90 MB): every submission is still a separate Share with its own
 * array, and every addition is performed; only the BigInteger objects are shared between every tenth submission.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SmpcBenchmark {

    private static final int LENGTH = 1_000;
    private static final int SUBMISSIONS = 10_000;
    private static final int DISTINCT_VECTORS = 1_000;
    private static final String SESSION = "bench#" + "0".repeat(64);

    private BigInteger[] values;
    private BigInteger blinding;
    private Commitment vectorCommitment;
    private BigInteger[] scalarBlindings;
    private Commitment[] scalarCommitments;
    private ShamirSharing shamir;
    private Share shamirShare;
    private List<Commitment> shamirCommitments;

    private List<Share> submissions;
    private BigInteger[][] submissionValues;

    @Setup(Level.Trial)
    public void setUp() {
        values = randomVector(LENGTH);
        blinding = Pedersen.randomBlinding();
        vectorCommitment = Pedersen.commitVector(values, blinding);
        scalarBlindings = new BigInteger[LENGTH];
        scalarCommitments = new Commitment[LENGTH];
        for (int j = 0; j < LENGTH; j++) {
            scalarBlindings[j] = Pedersen.randomBlinding();
            scalarCommitments[j] = Pedersen.commit(values[j], scalarBlindings[j]);
        }
        shamir = new ShamirSharing(5, 3);
        Dealing dealing = shamir.split(SESSION, values, Verification.PEDERSEN);
        shamirShare = dealing.share(4);
        shamirCommitments = dealing.commitments();

        BigInteger[][] distinct = new BigInteger[DISTINCT_VECTORS][];
        for (int d = 0; d < DISTINCT_VECTORS; d++) {
            distinct[d] = randomVector(LENGTH);
        }
        submissions = new ArrayList<>(SUBMISSIONS);
        submissionValues = new BigInteger[SUBMISSIONS][];
        for (int s = 0; s < SUBMISSIONS; s++) {
            submissionValues[s] = distinct[s % DISTINCT_VECTORS];
            submissions.add(Share.of(SESSION, 2, submissionValues[s]));
        }
    }

    @Benchmark
    public boolean verifyVectorCommitment1000() {
        return Pedersen.verifyVector(vectorCommitment, values, blinding);
    }

    @Benchmark
    public int baselineVerify1000ScalarCommitments() {
        int verified = 0;
        for (int j = 0; j < LENGTH; j++) {
            if (Pedersen.verify(scalarCommitments[j], values[j], scalarBlindings[j])) {
                verified++;
            }
        }
        return verified;
    }

    @Benchmark
    public Share verifyShamirVssShare1000() {
        shamir.verify(shamirShare, shamirCommitments);
        return shamirShare;
    }

    @Benchmark
    public Share aggregate10000Submissions() {
        return Share.sum(submissions);
    }

    @Benchmark
    public BigInteger[] baselineBigIntegerAddMod() {
        BigInteger[] acc = new BigInteger[LENGTH];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        for (BigInteger[] v : submissionValues) {
            for (int j = 0; j < LENGTH; j++) {
                acc[j] = acc[j].add(v[j]).mod(Field.Q);
            }
        }
        return acc;
    }

    @Benchmark
    public BigInteger[] baselineBigIntegerAddReduceOnce() {
        BigInteger[] acc = new BigInteger[LENGTH];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        for (BigInteger[] v : submissionValues) {
            for (int j = 0; j < LENGTH; j++) {
                acc[j] = acc[j].add(v[j]);
            }
        }
        for (int j = 0; j < LENGTH; j++) {
            acc[j] = acc[j].mod(Field.Q);
        }
        return acc;
    }

    private static BigInteger[] randomVector(int length) {
        BigInteger[] out = new BigInteger[length];
        for (int j = 0; j < length; j++) {
            out[j] = Field.random();
        }
        return out;
    }
}

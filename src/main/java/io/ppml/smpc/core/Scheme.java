package io.ppml.smpc.core;

/** How an input is split among the n parties. */
public enum Scheme {
    /** n-of-n: random shares summing to the input; all n are needed, any n − 1 reveal nothing. */
    ADDITIVE,
    /** t-of-n (Shamir 1979): points of a random polynomial of degree t − 1; any t reconstruct, t − 1 reveal nothing. */
    SHAMIR
}

package io.ppml.smpc.core;

/** Whether contributions come with Pedersen commitments that nodes and the collector check. */
public enum Verification {
    NONE,
    PEDERSEN
}

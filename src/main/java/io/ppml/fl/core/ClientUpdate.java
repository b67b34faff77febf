package io.ppml.fl.core;

/**
 * One client's model delta for a round with the number of examples it trained on, validated: the task's dimension,
 * every value finite, {@code numExamples ≥ 1} (DESIGN §8). The round number and the one-update-per-client rule are the
 * shell's, which knows the task's state.
 *
 * <p>The array is not copied — a million-parameter copy per update would double the round's memory — so the update
 * owns it from construction: the caller must not change it afterwards. Nothing in this package writes to it.
 * Not a record, because two updates with equal values are still two clients' updates, and because {@link #toString()}
 * must not print the values.
 */
public final class ClientUpdate {

    private final float[] delta;
    private final long numExamples;

    private ClientUpdate(float[] delta, long numExamples) {
        this.delta = delta;
        this.numExamples = numExamples;
    }

    /**
     * Checks, in the order whose first failure is refused: the length of {@code delta} against {@code dimension}
     * ({@code "delta"}), {@code numExamples} ({@code "numExamples"}), every value finite ({@code "delta[i]"} naming the
     * first bad index).
     */
    public static ClientUpdate of(float[] delta, long numExamples, int dimension) {
        requireDimension(delta, dimension);
        if (numExamples < 1) {
            throw new FlException("numExamples", "must be at least 1");
        }
        Vectors.requireFinite(delta, "delta");
        return new ClientUpdate(delta, numExamples);
    }

    /** Refuses a vector whose length is not the task's dimension, naming {@code "delta"}. */
    static void requireDimension(float[] delta, int dimension) {
        if (delta.length != dimension) {
            throw new FlException("delta", "has " + delta.length + " values; the model has " + dimension);
        }
    }

    /** The values, owned by this update: read, never write. */
    public float[] delta() {
        return delta;
    }

    public long numExamples() {
        return numExamples;
    }

    public int dimension() {
        return delta.length;
    }

    @Override
    public String toString() {
        return "ClientUpdate[dimension=" + delta.length + ", numExamples=" + numExamples + "]";
    }
}

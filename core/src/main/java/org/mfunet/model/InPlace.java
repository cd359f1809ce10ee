package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Overwrites an array's values in place, keeping the array (and so a parameter's identity and its gradient
 * slot). Done by in-place arithmetic, {@code target · 0 + values}, because {@code NDArray.set} makes libtorch
 * print a deprecation warning; the target's old values must therefore be finite.
 */
public final class InPlace {
    private InPlace() {
    }

    /** Copies {@code values} (same shape) into {@code target}. */
    public static void copy(NDArray target, NDArray values) {
        target.muli(0).addi(values);
    }

    /** Copies {@code values}, row-major in {@code target}'s shape, into {@code target}. */
    public static void copy(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            copy(target, scratch.create(values, target.getShape()));
        }
    }
}

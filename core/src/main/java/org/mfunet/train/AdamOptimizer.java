package org.mfunet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) whose moments and step count can be exported to and restored from a checkpoint,
 * which DJL's own optimiser does not allow. Update of each trainable parameter after the step count t is
 * incremented: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr · m̂ / (√v̂ + ε) with
 * m̂ = m / (1−β1^t) and v̂ = v / (1−β2^t). The gradients are reset to zero after the update.
 */
public final class AdamOptimizer implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double maxGradientNorm;
    private final NDManager manager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long step;

    /**
     * @param maxGradientNorm the global gradient norm is scaled down to this bound before the update; 0 for none
     * @param parent          manager under which the moments live (on the parameters' device); closed with this optimiser
     */
    public AdamOptimizer(double beta1, double beta2, double epsilon, double maxGradientNorm, NDManager parent) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && maxGradientNorm >= 0)) {
            throw new IllegalArgumentException("Adam needs beta1, beta2 in [0, 1), epsilon > 0 and maxGradientNorm >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.maxGradientNorm = maxGradientNorm;
        this.manager = parent.newSubManager();
    }

    /** Gradient norm above which {@link #standard} scales the gradients down to it. */
    public static final double STANDARD_MAX_GRADIENT_NORM = 10;

    /** Adam with the usual β1 = 0.9, β2 = 0.999, ε = 1e-8, gradients clipped to a global norm of 10. */
    public static AdamOptimizer standard(NDManager parent) {
        return new AdamOptimizer(0.9, 0.999, 1e-8, STANDARD_MAX_GRADIENT_NORM, parent);
    }

    /** Number of updates made so far. */
    public long steps() {
        return step;
    }

    /**
     * Applies one update with learning rate {@code lr} to every parameter that requires a gradient, then
     * zeroes the gradients. If any gradient holds a NaN or an infinity, nothing is updated (the step is
     * skipped, as mixed-precision trainers skip overflowing steps) and false is returned: one poisoned batch
     * must not turn every weight into NaN.
     */
    public boolean update(ParameterList parameters, double lr) {
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> entry : parameters) {
            if (entry.getValue().requiresGradient()) {
                trainable.add(entry.getValue());
            }
        }
        double norm = gradientNorm(trainable);
        if (!Double.isFinite(norm)) {
            for (Parameter p : trainable) {
                try (NDArray g = p.getArray().getGradient()) {
                    // In place, and NaN-proof: x^0 is 1 for every x, NaN and infinity included (IEEE 754),
                    // whereas 0·NaN stays NaN and would poison the next accumulated gradient.
                    g.powi(0).subi(1);
                }
            }
            return false;
        }
        step++;
        // Clipping the global norm bounds the step a single outlier batch can take (a spike once wrecked
        // the edema head of a converging demo run); below the bound the update is plain Adam.
        float clip = maxGradientNorm > 0 && norm > maxGradientNorm ? (float) (maxGradientNorm / norm) : 1f;
        float correction1 = (float) (1 - Math.pow(beta1, step));
        float correction2 = (float) (1 - Math.pow(beta2, step));
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            try (NDManager scratch = manager.newSubManager()) {
                NDArray g = scratch(scratch, weight.getGradient());
                if (clip != 1f) {
                    g.muli(clip);
                }
                NDArray m = first.computeIfAbsent(entry.getKey(), k -> manager.zeros(weight.getShape(), weight.getDataType()));
                NDArray v = second.computeIfAbsent(entry.getKey(), k -> manager.zeros(weight.getShape(), weight.getDataType()));
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray denominator = scratch(scratch, v.div(correction2)).sqrt().addi((float) epsilon);
                NDArray delta = scratch(scratch, m.mul((float) lr / correction1)).divi(denominator);
                weight.subi(delta);
                g.muli(0);
            }
        }
        return true;
    }

    /** Euclidean norm of all gradients together; not finite when any gradient holds a NaN or an infinity. */
    private double gradientNorm(List<Parameter> trainable) {
        double squares = 0;
        try (NDManager scratch = manager.newSubManager()) {
            for (Parameter p : trainable) {
                NDArray sum = scratch(scratch, p.getArray().getGradient()).square().sum();
                sum.attach(scratch);
                squares += sum.getFloat();
            }
        }
        return Math.sqrt(squares);
    }

    private static NDArray scratch(NDManager scratch, NDArray array) {
        array.attach(scratch);
        return array;
    }

    /** First moments by parameter name: the optimiser's own arrays, which the next update changes. */
    public Map<String, NDArray> firstMoments() {
        return Collections.unmodifiableMap(first);
    }

    /** Second moments by parameter name: the optimiser's own arrays, which the next update changes. */
    public Map<String, NDArray> secondMoments() {
        return Collections.unmodifiableMap(second);
    }

    /** Replaces the state with copies of a saved one (moments by parameter name) and its step count. */
    public void restore(Map<String, NDArray> firstMoments, Map<String, NDArray> secondMoments, long steps) {
        close(first);
        close(second);
        firstMoments.forEach((k, a) -> first.put(k, ownCopy(a)));
        secondMoments.forEach((k, a) -> second.put(k, ownCopy(a)));
        this.step = steps;
    }

    private NDArray ownCopy(NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }

    private static void close(Map<String, NDArray> arrays) {
        arrays.values().forEach(NDArray::close);
        arrays.clear();
    }

    @Override
    public void close() {
        manager.close();
    }
}

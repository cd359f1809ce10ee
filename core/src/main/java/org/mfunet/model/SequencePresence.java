package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.mfunet.MfunetException;

/**
 * Which of the network's three sequence inputs (LGE, T2, bSSFP, the channels of x) each sample of a batch has: the
 * network's second input, {@code [B, 3]} flags, 1 for present and 0 for absent. A sample needs at least one sequence.
 * An absent sequence's channel is never read: its encoder runs only on the samples that have it, and it takes no part
 * in max fusion; where the decoder or the bottleneck expects its features, the fused features stand in
 * ({@link MfuNet}).
 *
 * <p>Read once per forward pass into Java, so the network can choose its path: a batch in which every sequence is
 * present for all samples or for none (every prediction: one case at a time) needs no per-sample work at all.
 */
public final class SequencePresence {
    private static final int SEQUENCES = MfuNet.ENCODER_NAMES.size();

    private final int batch;
    private final boolean[] present;
    /** Per sequence the samples that have it, ascending. */
    private final int[][] rows = new int[SEQUENCES][];

    private SequencePresence(int batch, boolean[] present) {
        this.batch = batch;
        this.present = present;
        for (int s = 0; s < SEQUENCES; s++) {
            int sequence = s;
            rows[s] = IntStream.range(0, batch).filter(b -> has(b, sequence)).toArray();
        }
        for (int b = 0; b < batch; b++) {
            boolean any = false;
            for (int s = 0; s < SEQUENCES; s++) {
                any |= present[b * SEQUENCES + s];
            }
            if (!any) {
                throw new MfunetException("network input: sample " + b + " of the batch has no sequence; at least one of"
                        + " LGE, T2 and bSSFP must be present");
            }
        }
    }

    /** Every sequence present in every one of {@code batch} samples. */
    public static SequencePresence complete(int batch) {
        boolean[] all = new boolean[batch * SEQUENCES];
        Arrays.fill(all, true);
        return new SequencePresence(batch, all);
    }

    /**
     * Reads the network's second input.
     *
     * @param flags {@code [B, 3]}, 1 (present) or 0 (absent) per sample and sequence (LGE, T2, bSSFP)
     * @param batch B, the batch size of x
     * @throws MfunetException naming the shape or the value at fault
     */
    public static SequencePresence of(NDArray flags, long batch) {
        Shape shape = flags.getShape();
        if (shape.dimension() != 2 || shape.get(0) != batch || shape.get(1) != SEQUENCES) {
            throw new MfunetException("network input: sequence flags " + shape + " must be [batch = " + batch
                    + ", 3 (LGE, T2, bSSFP)]");
        }
        float[] values = flags.toType(DataType.FLOAT32, false).toFloatArray();
        boolean[] present = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && values[i] != 1) {
                throw new MfunetException("network input: sequence flag " + values[i] + " of sample " + i / SEQUENCES
                        + " must be 1 (present) or 0 (absent)");
            }
            present[i] = values[i] == 1;
        }
        return new SequencePresence((int) batch, present);
    }

    /** The presence of {@code NDList(x)} (complete) or {@code NDList(x, flags)}. */
    static SequencePresence of(NDList inputs) {
        long batch = inputs.get(0).getShape().get(0);
        return inputs.size() > 1 ? of(inputs.get(1), batch) : complete((int) batch);
    }

    /** Whether sample {@code b} has sequence {@code s} (0 LGE, 1 T2, 2 bSSFP). */
    public boolean has(int b, int s) {
        return present[b * SEQUENCES + s];
    }

    /** True when every sample has sequence {@code s}. */
    public boolean everywhere(int s) {
        return rows[s].length == batch;
    }

    /** True when no sample has sequence {@code s}. */
    public boolean nowhere(int s) {
        return rows[s].length == 0;
    }

    /** True when every sample has every sequence: the network then runs exactly as it did before sequences could be absent. */
    public boolean complete() {
        return IntStream.range(0, SEQUENCES).allMatch(this::everywhere);
    }

    /** The samples that lack sequence {@code s}, ascending. */
    int[] missingRows(int s) {
        return IntStream.range(0, batch).filter(b -> !has(b, s)).toArray();
    }

    /**
     * The rows of {@code x} of the samples that have sequence {@code s}: {@code x} itself when all have it.
     *
     * @param x {@code [B, ...]}
     * @return {@code [n, ...]}, n the number of samples with the sequence
     */
    NDArray select(int s, NDArray x) {
        return everywhere(s) ? x : take(x, rows[s]);
    }

    /**
     * A whole batch from the rows of the samples that have sequence {@code s} and the rows of those that lack it.
     *
     * @param present {@code [n, ...]}: the rows of the samples with the sequence, in ascending sample order
     * @param missing {@code [B - n, ...]}: the rows of the samples without it, in ascending sample order
     * @return {@code [B, ...]}, sample b from {@code present} or {@code missing}; gradients flow back to both
     */
    NDArray merge(int s, NDArray present, NDArray missing) {
        int[] order = new int[batch];
        int nextPresent = 0;
        int nextMissing = rows[s].length;
        for (int b = 0; b < batch; b++) {
            order[b] = has(b, s) ? nextPresent++ : nextMissing++;
        }
        return take(NDArrays.concat(new NDList(present, missing), 0), order);
    }

    /** Rows {@code rows} of {@code x} along axis 0, in that order; differentiable. */
    static NDArray take(NDArray x, int[] rows) {
        long[] index = Arrays.stream(rows).asLongStream().toArray();
        return x.get(new NDIndex("{}", x.getManager().create(index)));
    }
}

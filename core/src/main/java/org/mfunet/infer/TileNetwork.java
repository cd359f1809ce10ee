package org.mfunet.infer;

import java.util.Set;
import org.mfunet.data.Sequence;

/**
 * A network as the sliding window sees it: normalised image planes in, the six probability maps of
 * {@link CaseProbabilities} out, for any height and width that are multiples of {@link #sideMultiple()}.
 */
public interface TileNetwork {
    /**
     * @param image {@code [3][height][width]}, x fastest, channels (LGE, T2, bSSFP)
     * @return {@code [6][height][width]} probabilities: anatomy softmax (background, myocardium, LV, RV), P(scar),
     *         P(edema)
     */
    float[] probabilities(float[] image, int height, int width);

    /** Heights and widths must be multiples of this (2^depth of the network). */
    int sideMultiple();

    /**
     * This network for images that hold only {@code sequences} (the LGE among them): the channels of the others are
     * not read, and the network segments from those it has.
     */
    TileNetwork forSequences(Set<Sequence> sequences);
}

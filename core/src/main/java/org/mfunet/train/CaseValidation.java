package org.mfunet.train;

import java.util.List;
import java.util.Map;
import org.mfunet.infer.TileNetwork;

/** Scores the network on whole validation cases at the end of an epoch: Dice per structure key, mean over cases. */
public interface CaseValidation {
    /** No case-level scores (for tests that train stand-in networks on slices). */
    CaseValidation NONE = (cases, network) -> Map.of();

    /**
     * @param cases   names of the validation cases
     * @param network the network in inference mode
     * @return mean Dice per {@link org.mfunet.data.Structure#key()}, NaN where no case has the structure in either
     *         the prediction or the truth
     */
    Map<String, Double> dice(List<String> cases, TileNetwork network);
}

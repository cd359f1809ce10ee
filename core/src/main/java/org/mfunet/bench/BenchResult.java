package org.mfunet.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.mfunet.model.MfuNetConfig;

/**
 * Figures of one benchmark run. Times in seconds (median of the repeats), rates in GFLOP/s (10^9 per second),
 * memory in MiB of resident set. FLOPs follow {@link org.mfunet.model.ModelSummary} (2 × multiply-adds of the
 * convolutions and attention products); a training step counts 3 × forward FLOPs × batch (forward, and a
 * backward pass of about twice the forward). Written as JSON with snake_case keys.
 *
 * @param preset             preset name or configuration file
 * @param config             the network measured
 * @param machine            where it ran
 * @param threads            engine threads asked for (0 = engine default: all cores)
 * @param loadAverageStart   1-minute load average of the machine when the run began (other work competes)
 * @param loadAverageEnd     the same when it ended
 * @param flopsConvention    the FLOP convention, in words
 * @param forwardGflop       forward GFLOP of one inputSide² slice, as the model summary counts them
 * @param matmulGflops       float32 square matrix-multiply rate: the practical peak
 * @param inferSliceS        time per inputSide² slice, batch 1, folded inference network
 * @param inferGflops        forwardGflop / inferSliceS
 * @param inferShareOfPeak   inferGflops / matmulGflops
 * @param inferPeakRssMb     peak resident size while building the inference network and predicting
 * @param wholeSlice         inference of a whole {@value WholeSlice#SIDE}² slice by the sliding window, plain and localised
 * @param trainBatch         batch of the full-size training step
 * @param trainSide          side of the full-size training step
 * @param trainRecomputeLevels encoder levels recomputed in the training steps, as the preset trains
 * @param trainStepS         time of one step (forward, loss, backward, Adam update) at trainBatch × trainSide²
 * @param trainGflops        3 × forward GFLOP × batch / trainStepS
 * @param trainShareOfPeak   trainGflops / matmulGflops
 * @param trainPeakRssMb     peak resident size over the preset's training measurements (full size and dynamic
 *                           sizes), after the earlier phases' peak was reset
 * @param dynamicSizes       training steps at representative dynamic-resampling sizes
 * @param recomputeEncoders  the full-size step with whole encoders recomputed, measured before the preset's
 * @param keepActivations    the full-size step with every activation kept (no recomputation), measured after the
 *                           preset's; the preset's own figures when it recomputes nothing
 * @param leakCheck          what the leak check ran
 * @param rssGrowthPct       100 × (resident after leakLate steps − after leakEarly) / after leakEarly
 */
public record BenchResult(String preset, MfuNetConfig config, MachineInfo machine, int threads,
                          double loadAverageStart, double loadAverageEnd, String flopsConvention,
                          double forwardGflop, double matmulGflops,
                          double inferSliceS, double inferGflops, double inferShareOfPeak, double inferPeakRssMb,
                          WholeSlice wholeSlice,
                          int trainBatch, int trainSide, int trainRecomputeLevels, double trainStepS, double trainGflops,
                          double trainShareOfPeak,
                          double trainPeakRssMb, List<SizeStep> dynamicSizes, Recomputation recomputeEncoders,
                          Recomputation keepActivations,
                          LeakCheck leakCheck,
                          double rssGrowthPct) {
    /** Convention stated in every result. */
    public static final String FLOPS_CONVENTION = "forward: 2 x multiply-adds of convolutions and attention products"
            + " (model summary); training step: 3 x forward x batch";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A whole slice of {@value #SIDE}² pixels on the network's grid, as {@code predict} covers it: the plain sliding
     * window (tiles of inputSide², half a tile overlap, Gaussian weights) and the localised one (the coarse
     * half-resolution pass, then the tiles of a heart's box). The network's weights are random, so the coarse pass cannot
     * find a real heart here: its time is measured as it runs, and the box it would give is that of a heart of
     * {@value #HEART_MM} mm (whole heart with the RV) at the model's spacing ({@value #DEFAULT_SPACING_MM} mm when the
     * model takes the cohort's), off the slice's centre, plus the margin.
     *
     * @param plainS          time of the plain window
     * @param plainTiles      its tiles
     * @param coarseS         time of the coarse pass
     * @param heartBoxPx      side of the heart's box with margin, pixels
     * @param localisedS      coarse pass plus the box's tiles
     * @param localisedTiles  tiles of the box
     * @param tilesPerSlice   localisedS / inferSliceS: the whole slice's cost in tiles
     */
    public record WholeSlice(double plainS, int plainTiles, double coarseS, int heartBoxPx, double localisedS,
                             int localisedTiles, double tilesPerSlice) {
        /** Side of the measured slice, pixels. */
        public static final int SIDE = 512;
        /** Extent of the heart whose box is tiled, mm. */
        public static final double HEART_MM = 150;
        /** Spacing assumed for a model that takes its cohort's, mm (MyoPS is 0.73-0.76 mm). */
        public static final double DEFAULT_SPACING_MM = 0.75;
    }

    /**
     * One training step at a dynamic-resampling size.
     *
     * @param side   patch side, pixels
     * @param batch  patches in the batch
     * @param stepS  median time of a step
     * @param gflops 3 × forward GFLOP at that side × batch / stepS
     */
    public record SizeStep(int side, int batch, double stepS, double gflops) {
    }

    /**
     * The full-size training step with another {@code TrainingConfig.recomputeLevels}.
     *
     * @param stepS     median time of a step
     * @param peakRssMb peak resident size over these steps
     */
    public record Recomputation(double stepS, double peakRssMb) {
    }

    /**
     * The leak check as run.
     *
     * @param side        patch side of its steps
     * @param batch       batch of its steps
     * @param earlyStep   step after which {@code rssEarlyMb} was read
     * @param lateStep    step after which {@code rssLateMb} was read
     * @param rssEarlyMb  resident size after the early step
     * @param rssLateMb   resident size after the late step
     */
    public record LeakCheck(int side, int batch, int earlyStep, int lateStep, double rssEarlyMb, double rssLateMb) {
    }

    /** The result as indented JSON with snake_case keys. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write benchmark results as JSON", e);
        }
    }
}

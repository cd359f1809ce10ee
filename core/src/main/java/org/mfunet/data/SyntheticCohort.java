package org.mfunet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiWriter;

/**
 * The tool's built-in data: a cohort of {@link RandomCardiacPhantom} cases written in the MyoPS layout,
 * {@code synth_<id>_C0/_DE/_T2/_gd.nii.gz} with ids from {@value #FIRST_ID}, images as int16 and labels as
 * int16 MyoPS values. The same seed gives the same files.
 *
 * @param phantom the generator of each case (it sets the image sizes and spacings)
 */
public record SyntheticCohort(RandomCardiacPhantom phantom) {
    /**
     * Scanner-like grids: 160-512 pixels a side at 0.6-2.0 mm, so images are smaller and larger than the
     * network's 288 input and the heart is anywhere in a 300-420 mm field of view.
     */
    public static final SyntheticCohort DEFAULT = new SyntheticCohort(new RandomCardiacPhantom(160, 512, 0.6, 2.0));
    public static final String PREFIX = "synth";
    public static final int FIRST_ID = 101;

    public SyntheticCohort {
        Objects.requireNonNull(phantom, "phantom");
    }

    /**
     * Draws case number {@code index} (0-based) of the cohort of a seed; independent of how many cases
     * the cohort has.
     */
    public SyntheticCase generate(int index, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        return phantom.generate(PREFIX + "_" + (FIRST_ID + index), random);
    }

    /**
     * Writes {@code cases} cases into {@code outDir} (created if missing), each file atomically.
     *
     * @return the written cases, sorted by name
     */
    public List<MyopsCase> write(Path outDir, int cases, long seed) {
        if (cases < 1) {
            throw new IllegalArgumentException("cases must be at least 1, got " + cases);
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<MyopsCase> written = new ArrayList<>(cases);
        for (int index = 0; index < cases; index++) {
            written.add(writeCase(outDir, index, seed));
        }
        return List.copyOf(written);
    }

    /**
     * Writes case number {@code index} (0-based) of the cohort of a seed into the existing folder {@code outDir}, each
     * file atomically: the same files {@link #write} writes for that case.
     */
    public MyopsCase writeCase(Path outDir, int index, long seed) {
        SyntheticCase c = generate(index, seed);
        NiftiHeader header = NiftiHeader.create(c.nx(), c.ny(), c.nz(), c.spacingMm(), affine(c));
        Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            Path file = outDir.resolve(c.name() + "_" + s.suffix() + ".nii.gz");
            NiftiWriter.write(file, header, NiftiDatatype.INT16, c.nx(), c.ny(), c.nz(), c.images().get(s));
            images.put(s, file);
        }
        Path labels = outDir.resolve(c.name() + "_gd.nii.gz");
        float[] values = new float[c.labels().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = c.labels()[i];
        }
        NiftiWriter.write(labels, header, NiftiDatatype.INT16, c.nx(), c.ny(), c.nz(), values);
        return new MyopsCase(PREFIX, Integer.toString(FIRST_ID + index), images, labels);
    }

    /** Voxel to world (mm): x and y flipped as in a radiological (LPS-stored, RAS-read) scan, centred on the volume. */
    private static double[][] affine(SyntheticCase c) {
        double[] s = c.spacingMm();
        return new double[][] {
            {-s[0], 0, 0, s[0] * (c.nx() - 1) / 2},
            {0, -s[1], 0, s[1] * (c.ny() - 1) / 2},
            {0, 0, s[2], -s[2] * (c.nz() - 1) / 2},
            {0, 0, 0, 1},
        };
    }
}

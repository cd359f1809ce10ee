package org.mfunet.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;

/**
 * Evaluates a folder of predicted label volumes against a folder of MyoPS ground truth. Predictions are
 * {@code <prefix>_<id>_seg.nii[.gz]} in the folder or one level down (as {@code predict} leaves DICOM studies,
 * {@code <study>/<study>_seg.nii.gz}), references {@code <prefix>_<id>_gd.nii[.gz]}; the truth folder may
 * also hold other files (a MyoPS images folder with its {@code _C0}, {@code _DE}, {@code _T2} volumes).
 * Every prediction needs its reference and every reference its prediction; the two volumes of a case must
 * have the same dimensions, and the reference's pixdim gives the spacing used for HD95 and volumes.
 */
public final class CohortEvaluator {
    private static final Pattern PREDICTION = Pattern.compile("(.+)_seg\\.nii(\\.gz)?");
    private static final Pattern TRUTH = Pattern.compile("(.+)_gd\\.nii(\\.gz)?");

    private CohortEvaluator() {
    }

    /**
     * Evaluates every case, in case-name order.
     *
     * @throws MfunetException if a folder cannot be listed, a prediction has no reference or the reverse,
     *     a case has two files of one kind, grids differ or a voxel is not a MyoPS label value
     */
    public static CohortEvaluation evaluate(Path predDir, Path truthDir) {
        Map<String, Path> predictions = casesIn(predDir, 2, PREDICTION, "prediction");
        Map<String, Path> truths = casesIn(truthDir, 1, TRUTH, "ground-truth");
        if (predictions.isEmpty()) {
            throw new MfunetException(predDir + ": no predictions named <case>_seg.nii or <case>_seg.nii.gz");
        }
        for (Map.Entry<String, Path> p : predictions.entrySet()) {
            if (!truths.containsKey(p.getKey())) {
                throw new MfunetException(p.getValue() + ": no ground truth " + p.getKey() + "_gd.nii[.gz] in " + truthDir);
            }
        }
        List<String> unpredicted = truths.keySet().stream().filter(c -> !predictions.containsKey(c)).toList();
        if (!unpredicted.isEmpty()) {
            throw new MfunetException(truthDir + ": no prediction in " + predDir + " for " + unpredicted.size()
                    + " ground-truth case(s): " + String.join(", ", unpredicted));
        }
        List<CaseEvaluation> cases = new ArrayList<>();
        for (Map.Entry<String, Path> p : predictions.entrySet()) {
            cases.add(evaluateCase(p.getKey(), p.getValue(), truths.get(p.getKey())));
        }
        return CohortEvaluation.of(cases);
    }

    /**
     * Evaluates the predictions {@code <case>_seg.nii.gz} in {@code predDir} of labelled cases against their
     * own label files, in the order of {@code cases}.
     *
     * @throws MfunetException as {@link #evaluateCase}
     */
    public static CohortEvaluation evaluate(List<MyopsCase> cases, Path predDir) {
        List<CaseEvaluation> evaluations = new ArrayList<>();
        for (MyopsCase c : cases) {
            evaluations.add(evaluateCase(c.name(), SegmentationFiles.segmentation(predDir, c.name()),
                    c.labels()));
        }
        return CohortEvaluation.of(evaluations);
    }

    /**
     * Evaluates one prediction file against its ground-truth file.
     *
     * @throws MfunetException if a file cannot be read, the grids differ or a voxel is not a MyoPS label value
     */
    public static CaseEvaluation evaluateCase(String caseName, Path predictionFile, Path truthFile) {
        NiftiImage prediction = SegmentationFiles.readLabels(predictionFile);
        NiftiImage truth = SegmentationFiles.readLabels(truthFile);
        if (prediction.nx() != truth.nx() || prediction.ny() != truth.ny() || prediction.nz() != truth.nz()) {
            throw new MfunetException(predictionFile + " is " + shape(prediction) + " voxels but " + truthFile + " is "
                    + shape(truth) + ": a prediction must have the grid of its ground truth");
        }
        return CaseEvaluation.of(caseName, SegmentationFiles.values(prediction), SegmentationFiles.values(truth),
                grid(truth.header(), truthFile));
    }

    /**
     * Case name to file for the files of a folder (down to {@code depth} levels, 1 for the folder alone) matching the
     * pattern; refuses two files for one case.
     */
    private static Map<String, Path> casesIn(Path folder, int depth, Pattern pattern, String kind) {
        if (!Files.isDirectory(folder)) {
            throw new MfunetException(folder + ": not a folder (expected the " + kind + " folder)");
        }
        Map<String, Path> cases = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder, depth)) {
            for (Path file : files.filter(f -> !f.equals(folder)).sorted().toList()) {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    Path previous = cases.put(m.group(1), file);
                    if (previous != null) {
                        throw new MfunetException(folder + ": two " + kind + " files for case " + m.group(1) + ": "
                                + previous.getFileName() + " and " + file.getFileName());
                    }
                }
            }
        } catch (IOException e) {
            throw new MfunetException(folder + ": cannot list the " + kind + " folder (" + e.getMessage() + ")", e);
        }
        return cases;
    }

    /**
     * Grid of a label volume with the spacing of its header; a 2D file gets a 1 mm slice thickness.
     *
     * @throws MfunetException naming {@code file} when a spacing is not positive
     */
    public static VoxelGrid grid(NiftiHeader header, Path file) {
        double[] pixdim = header.pixdim();
        double sz = pixdim.length > 2 ? pixdim[2] : 1.0;
        for (int i = 0; i < Math.min(3, pixdim.length); i++) {
            if (!(pixdim[i] > 0) || Double.isInfinite(pixdim[i])) {
                throw new MfunetException(file + ": pixdim[" + (i + 1) + "] is " + pixdim[i]
                        + ", voxel spacing must be positive to measure distances");
            }
        }
        return new VoxelGrid(header.nx(), header.ny(), header.nz(), pixdim[0], pixdim[1], sz);
    }

    private static String shape(NiftiImage image) {
        return image.nx() + " x " + image.ny() + " x " + image.nz();
    }
}

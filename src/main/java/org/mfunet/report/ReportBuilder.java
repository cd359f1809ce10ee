package org.mfunet.report;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.DynamicPatchSampler;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.PatchBatch;
import org.mfunet.data.PreparedSlice;
import org.mfunet.data.Sequence;
import org.mfunet.data.SlicePreparation;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluation;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.EvaluationTables;
import org.mfunet.eval.Structure;
import org.mfunet.eval.VoxelGrid;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNet;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.ModelFiles;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.train.CurvesListener;
import org.mfunet.train.DataFolders;
import org.mfunet.train.EpochMetrics;
import org.mfunet.train.MetricsJsonlListener;
import org.mfunet.train.RunFiles;
import org.mfunet.train.TrainingConfig;

/**
 * Builds the HTML report of a training run: segmentation overlays (paper Fig. 1), attention maps (Fig. 5),
 * max-fused versus single-sequence features (Fig. 3), dynamically resampled patches (Fig. 6), training
 * curves (Fig. 7) and the Dice table. Whatever is missing (data, model, predictions, metrics) is stated in
 * the report instead of failing. The report folder ({@code index.html} and {@code figures/}) is written
 * into a temporary sibling folder and renamed into place.
 */
public final class ReportBuilder {
    /** Folder of a run where predictions are looked for by default. */
    public static final String PREDICTIONS = "predictions";
    /** Evaluation JSON of a run ({@code mfunet evaluate --json}) preferred over recomputing the table. */
    public static final String EVALUATION = "evaluation.json";
    /** Seed of the patch sampler, fixed so the same run gives the same patch figure. */
    public static final long PATCH_SEED = 2020;
    private static final int MAX_OVERLAY_CASES = 8;
    private static final int NETWORK_SLICES = 3;
    private static final int PATCH_DRAWS = 500;
    private static final String FIGURES = "figures";

    private ReportBuilder() {
    }

    /**
     * What to report on.
     *
     * @param run         training run folder (holds {@code model.json} or {@code metrics.jsonl})
     * @param data        MyoPS images folder, or null for the one recorded in the run's {@code data.json}
     * @param labels      separate {@code _gd} folder, or null (with {@code data} null: the recorded one)
     * @param predictions folder of {@code <case>_seg.nii[.gz]}, or null for {@code RUN/predictions} if present
     * @param out         report folder, or null for {@code RUN/report}
     */
    public record Request(Path run, Path data, Path labels, Path predictions, Path out) {
        public Request {
            if (run == null) {
                throw new IllegalArgumentException("run folder required");
            }
        }
    }

    /**
     * What was written.
     *
     * @param index   the report's {@code index.html}
     * @param figures number of PNG figures
     * @param notes   statements of what is missing, as shown in the report
     */
    public record Result(Path index, int figures, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Builds the report.
     *
     * @throws MfunetException if {@code run} is not a training run folder or a given folder does not exist
     */
    public static Result build(Request request) {
        Path run = request.run();
        if (!Files.isDirectory(run) || !Files.isRegularFile(run.resolve(RunFiles.MODEL))
                && !Files.isRegularFile(run.resolve(RunFiles.METRICS))) {
            throw new MfunetException(run + ": not a training run folder (needs " + RunFiles.MODEL + " or "
                    + RunFiles.METRICS + ")");
        }
        for (Path given : new Path[] {request.data(), request.labels(), request.predictions()}) {
            if (given != null && !Files.isDirectory(given)) {
                throw new MfunetException(given + ": no such folder");
            }
        }
        Path out = (request.out() != null ? request.out() : run.resolve("report")).toAbsolutePath().normalize();
        Path temp = out.resolveSibling("." + out.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(temp);
            Files.createDirectories(temp.resolve(FIGURES));
            Builder builder = new Builder(request, temp);
            List<ReportPage.Section> sections = builder.sections();
            Files.writeString(temp.resolve("index.html"), ReportPage.html("MFU-Net report: " + run.toAbsolutePath().normalize()
                    .getFileName(), sections), StandardCharsets.UTF_8);
            replace(temp, out);
            List<String> notes = sections.stream().flatMap(s -> s.notes().stream()).toList();
            return new Result(out.resolve("index.html"), builder.figureCount, notes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                deleteTree(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Moves the finished folder over {@code out}, replacing an earlier report. */
    private static void replace(Path temp, Path out) throws IOException {
        Path old = out.resolveSibling("." + out.getFileName() + ".old-" + ProcessHandle.current().pid());
        if (Files.exists(out)) {
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The state of one build: what was found, and the figures written so far. */
    private static final class Builder {
        private final Path run;
        private final Path folder;
        private final Path predictions;
        private final List<String> runFacts = new ArrayList<>();
        private final List<String> dataNotes = new ArrayList<>();
        private final Map<String, CaseVolumes> cases = new LinkedHashMap<>();
        private final Map<String, Path> predictionFiles = new LinkedHashMap<>();
        private MfuNetConfig modelConfig;
        private String modelNote;
        private int figureCount;

        Builder(Request request, Path folder) {
            this.run = request.run();
            this.folder = folder;
            Path recordedData = null;
            Path recordedLabels = null;
            try {
                DataFolders recorded = DataFolders.read(run).orElse(null);
                if (recorded != null) {
                    recordedData = recorded.data();
                    recordedLabels = recorded.labels();
                }
            } catch (MfunetException e) {
                dataNotes.add(e.getMessage());
            }
            Path data = request.data() != null ? request.data() : recordedData;
            Path labels = request.data() != null ? request.labels() : recordedLabels;
            Path defaultPredictions = run.resolve(PREDICTIONS);
            predictions = request.predictions() != null ? request.predictions()
                    : Files.isDirectory(defaultPredictions) ? defaultPredictions : null;
            runFacts.add("Run folder: " + run.toAbsolutePath().normalize());
            runFacts.add("Data: " + (data == null ? "none" : data.toAbsolutePath().normalize())
                    + (labels == null ? "" : ", labels: " + labels.toAbsolutePath().normalize())
                    + (request.data() == null && data != null ? " (recorded by the run)" : ""));
            runFacts.add("Predictions: " + (predictions == null ? "none" : predictions.toAbsolutePath().normalize()));
            if (data == null) {
                dataNotes.add("No data folder: the run recorded none (" + RunFiles.DATA + ") and none was given with --data,"
                        + " so the figures that need images are left out.");
            } else {
                loadCases(data, labels);
            }
            if (predictions != null) {
                findPredictions();
            }
            try {
                modelConfig = MfuNetConfig.fromJson(run.resolve(RunFiles.MODEL));
                runFacts.add(String.format(Locale.ROOT, "Network: depth %d, %d base filters, %s blocks, max fusion %s,"
                        + " attention %s, input %d px", modelConfig.depth(), modelConfig.baseFilters(), modelConfig.backbone(),
                        onOff(modelConfig.maxFusion()), onOff(modelConfig.attention()), modelConfig.inputSide()));
            } catch (MfunetException e) {
                modelNote = e.getMessage();
            }
        }

        private void loadCases(Path data, Path labels) {
            try {
                for (MyopsCase c : MyopsCohort.scan(data, labels)) {
                    cases.put(c.name(), CaseVolumes.load(c));
                }
            } catch (MfunetException e) {
                dataNotes.add("Cannot read the cohort: " + e.getMessage());
            }
        }

        private void findPredictions() {
            try (Stream<Path> files = Files.list(predictions)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString();
                    int end = name.endsWith("_seg.nii.gz") ? name.length() - 11 : name.endsWith("_seg.nii") ? name.length() - 8 : -1;
                    if (end > 0) {
                        predictionFiles.put(name.substring(0, end), p);
                    }
                }
            } catch (IOException e) {
                dataNotes.add(predictions + ": cannot list the predictions (" + e.getMessage() + ")");
            }
        }

        List<ReportPage.Section> sections() throws IOException {
            List<ReportPage.Section> sections = new ArrayList<>();
            sections.add(new ReportPage.Section("run", "Run", runFacts, dataNotes, List.of(), List.of()));
            Map<String, byte[]> predicted = readPredictions();
            sections.add(overlays(predicted));
            sections.addAll(networkSections());
            sections.add(patches());
            sections.add(curves());
            sections.add(dice(predicted));
            return sections;
        }

        /** Class maps of the predictions of loaded cases, in case order; unreadable files become notes. */
        private Map<String, byte[]> readPredictions() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, Path> p : predictionFiles.entrySet()) {
                CaseVolumes truth = cases.get(p.getKey());
                if (truth == null) {
                    continue;
                }
                try {
                    NiftiImage image = NiftiReader.read(p.getValue());
                    if (image.nx() != truth.nx() || image.ny() != truth.ny() || image.nz() != truth.nz()) {
                        throw new MfunetException(p.getValue() + ": grid " + image.nx() + " x " + image.ny() + " x "
                                + image.nz() + " differs from the case's " + truth.nx() + " x " + truth.ny() + " x " + truth.nz());
                    }
                    byte[] classes = new byte[image.data().length];
                    for (int i = 0; i < classes.length; i++) {
                        float v = image.data()[i];
                        classes[i] = v == Math.rint(v) ? MyopsLabels.classOf((int) v) : -1;
                        if (classes[i] < 0) {
                            throw new MfunetException(p.getValue() + ": voxel value " + v + " is not a MyoPS label");
                        }
                    }
                    out.put(p.getKey(), classes);
                } catch (MfunetException e) {
                    dataNotes.add("Prediction skipped: " + e.getMessage());
                }
            }
            return out;
        }

        private ReportPage.Section overlays(Map<String, byte[]> predicted) throws IOException {
            List<String> notes = new ArrayList<>();
            List<ReportPage.Figure> figures = new ArrayList<>();
            List<String> shown = new ArrayList<>(predicted.keySet());
            if (predictions == null) {
                notes.add("No predictions: no " + PREDICTIONS + " folder in " + run.toAbsolutePath().normalize()
                        + " and none given with --pred; showing the ground truth only.");
            } else if (predicted.isEmpty()) {
                notes.add("No predictions found in " + predictions.toAbsolutePath().normalize()
                        + " for the cases of the data folder (<case>_seg.nii[.gz]); showing the ground truth only.");
            }
            if (shown.isEmpty()) {
                cases.values().stream().filter(CaseVolumes::labelled).limit(2).forEach(c -> shown.add(c.source().name()));
            }
            if (shown.size() > MAX_OVERLAY_CASES) {
                notes.add("Showing " + MAX_OVERLAY_CASES + " of " + shown.size() + " predicted cases.");
            }
            for (String name : shown.subList(0, Math.min(MAX_OVERLAY_CASES, shown.size()))) {
                CaseVolumes c = cases.get(name);
                byte[] prediction = predicted.get(name);
                int z = mostPathology(c, prediction);
                int plane = c.nx() * c.ny();
                Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
                for (Sequence s : Sequence.values()) {
                    images.put(s, c.slice(s, z));
                }
                byte[] predictedSlice = prediction == null ? null : Arrays.copyOfRange(prediction, z * plane, (z + 1) * plane);
                BufferedImage figure = OverlayFigure.render(c.nx(), c.ny(), images, c.labelled() ? c.classSlice(z) : null,
                        predictedSlice);
                figures.add(figure("overlay-" + name + ".png", figure, name + ", slice z = " + z + " (the slice with the"
                        + " most scar and edema)" + (prediction == null ? "" : "; top row truth, bottom row prediction")));
            }
            if (figures.isEmpty() && !cases.isEmpty()) {
                notes.add("No labelled or predicted case to draw.");
            }
            return new ReportPage.Section("overlays", "Segmentations (paper Fig. 1)",
                    List.of("Anatomy (myocardium green, LV red, RV blue) on bSSFP, scar (magenta) on LGE, edema (yellow) on T2."),
                    notes, figures, List.of());
        }

        /** Slice with the most scar and edema voxels in the truth, else in the prediction; the middle slice if none. */
        private static int mostPathology(CaseVolumes c, byte[] prediction) {
            byte[] classes = c.labelled() ? c.classes() : prediction;
            int plane = c.nx() * c.ny();
            int best = c.nz() / 2;
            int bestCount = 0;
            for (int z = 0; classes != null && z < c.nz(); z++) {
                int count = 0;
                for (int i = z * plane; i < (z + 1) * plane; i++) {
                    count += classes[i] == MyopsLabels.CLASS_SCAR || classes[i] == MyopsLabels.CLASS_EDEMA ? 1 : 0;
                }
                if (count > bestCount) {
                    best = z;
                    bestCount = count;
                }
            }
            return best;
        }

        /** Attention (Fig. 5) and fusion (Fig. 3) sections, from one load of the network. */
        private List<ReportPage.Section> networkSections() throws IOException {
            String attentionTitle = "Spatial attention (paper Fig. 5)";
            String fusionTitle = "Max-fused versus single-sequence features (paper Fig. 3)";
            String missing = networkMissing();
            if (missing != null) {
                return List.of(noteSection("attention", attentionTitle, missing), noteSection("fusion", fusionTitle, missing));
            }
            Path modelDir = Files.isRegularFile(run.resolve("best").resolve(ModelFiles.PARAMETERS_FILE)) ? run.resolve("best")
                    : run.resolve("last");
            List<PreparedSlice> slices = networkSlices();
            List<ReportPage.Figure> attention = new ArrayList<>();
            List<ReportPage.Figure> fusion = new ArrayList<>();
            List<String> attentionText = new ArrayList<>();
            List<String> attentionNotes = new ArrayList<>();
            List<String> fusionNotes = new ArrayList<>();
            try (NDManager manager = Engines.engine().newBaseManager()) {
                MfuNet net = ModelFiles.load(modelDir, manager);
                int level = Math.min(1, net.config().depth() - 1);
                if (net.attention().isPresent()) {
                    float gamma = net.attention().get().gamma().getArray().toFloatArray()[0];
                    attentionText.add(String.format(Locale.ROOT, "Network %s; the attention term enters the decoder output"
                            + " with weight gamma = %.4g. The map is the per-pixel norm over channels of the attention output.",
                            run.relativize(modelDir), gamma));
                } else {
                    attentionNotes.add("Attention is off in this model (" + RunFiles.MODEL + ": attention false).");
                }
                if (!net.config().maxFusion()) {
                    fusionNotes.add("Max fusion is off in this model (" + RunFiles.MODEL + ": maxFusion false); only the"
                            + " single-sequence features are shown.");
                }
                for (int i = 0; i < slices.size(); i++) {
                    PreparedSlice slice = slices.get(i);
                    SliceTaps taps = SliceTaps.compute(net, manager, slice, level);
                    String where = slice.caseName() + ", slice z = " + slice.z();
                    if (taps.attention() != null) {
                        attention.add(figure("attention-" + i + ".png", NetworkFigures.attention(slice, taps),
                                where + ": inputs, attention map, prediction"));
                    }
                    if (i == 0) {
                        fusion.add(figure("fusion.png", NetworkFigures.fusion(slice, taps), where + ": encoder level "
                                + level + ", channel " + taps.channel() + " (the highest-variance channel of the "
                                + (taps.fused() != null ? "max-fused" : "LGE") + " map); green: myocardium of the ground truth"));
                    }
                }
            }
            return List.of(
                    new ReportPage.Section("attention", attentionTitle, attentionText, attentionNotes, attention, List.of()),
                    new ReportPage.Section("fusion", fusionTitle, List.of("Max fusion takes, pixel by pixel, the largest of"
                            + " the three sequence-specific features; its map should show the structures each sequence sees best."),
                            fusionNotes, fusion, List.of()));
        }

        /** Why the network figures cannot be drawn, or null when they can. */
        private String networkMissing() {
            if (modelConfig == null) {
                return "No network settings: " + (modelNote != null ? modelNote : RunFiles.MODEL + " is missing");
            }
            boolean saved = Stream.of("best", "last")
                    .anyMatch(d -> Files.isRegularFile(run.resolve(d).resolve(ModelFiles.PARAMETERS_FILE)));
            if (!saved) {
                return "No trained network in " + run.toAbsolutePath().normalize() + " (best/ or last/ with "
                        + ModelFiles.PARAMETERS_FILE + ").";
            }
            if (cases.isEmpty()) {
                return "No images to run the network on (see the data notes above).";
            }
            return null;
        }

        /** The slices with the most scar and edema, at most one per case first, at the network's input side. */
        private List<PreparedSlice> networkSlices() {
            SlicePreparation preparation = new SlicePreparation(modelConfig.inputSide());
            List<PreparedSlice> all = new ArrayList<>();
            for (CaseVolumes c : cases.values()) {
                int z = mostPathology(c, null);
                all.add(preparation.prepare(c).get(z));
            }
            all.sort(Comparator.comparingInt(s -> -pathologyPixels(s)));
            return all.subList(0, Math.min(NETWORK_SLICES, all.size()));
        }

        private static int pathologyPixels(PreparedSlice s) {
            int n = 0;
            for (int i = 0; s.labelled() && i < s.classes().length; i++) {
                n += s.classes()[i] == MyopsLabels.CLASS_SCAR || s.classes()[i] == MyopsLabels.CLASS_EDEMA ? 1 : 0;
            }
            return n;
        }

        private ReportPage.Section patches() throws IOException {
            String title = "Dynamic resampling (paper Fig. 6)";
            if (modelConfig == null || cases.values().stream().noneMatch(CaseVolumes::labelled)) {
                return noteSection("patches", title, "No labelled cases or no network settings: no patches to draw.");
            }
            TrainingConfig training;
            try {
                training = TrainingConfig.fromJson(run.resolve(RunFiles.TRAINING));
            } catch (MfunetException e) {
                return noteSection("patches", title, "No training settings: " + e.getMessage());
            }
            SlicePreparation preparation = new SlicePreparation(modelConfig.inputSide());
            List<PreparedSlice> slices = new ArrayList<>();
            for (CaseVolumes c : cases.values()) {
                if (c.labelled()) {
                    slices.addAll(preparation.prepare(c));
                }
            }
            DynamicPatchSampler sampler = new DynamicPatchSampler(slices, training.baseBatch(), training.rhoC(), true,
                    modelConfig.sideMultiple());
            Map<Integer, List<Panels.Panel>[]> bySide = new LinkedHashMap<>();
            Random random = new Random(PATCH_SEED);
            for (int draw = 0; draw < PATCH_DRAWS && !complete(bySide); draw++) {
                PatchBatch batch = sampler.sample(random);
                if (bySide.size() == 2 && !bySide.containsKey(batch.side())) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Panels.Panel>[] pair = bySide.computeIfAbsent(batch.side(), s -> new List[2]);
                for (int b = 0; b < batch.batch(); b++) {
                    int slot = batch.origins().get(b).centred() ? 0 : 1;
                    if (pair[slot] == null) {
                        pair[slot] = PatchFigure.row(batch, b, Math.max(1, 256 / sampler.region()));
                    }
                }
            }
            List<List<Panels.Panel>> rows = new ArrayList<>();
            bySide.values().forEach(pair -> Stream.of(pair).filter(r -> r != null).forEach(rows::add));
            List<String> text = List.of(String.format(Locale.ROOT, "Patches drawn by the training sampler (seed %d) from the"
                    + " labelled slices at %d px: side from {%s}, centred on scar or edema (myocardium or LV when the slice has"
                    + " none) with probability %.2f, else placed at random.", PATCH_SEED, sampler.region(),
                    Arrays.stream(DynamicPatchSampler.sidesFor(sampler.region(), modelConfig.sideMultiple()))
                            .distinct().mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElse(""),
                    training.rhoC()));
            List<String> notes = complete(bySide) ? List.of()
                    : List.of("Within " + PATCH_DRAWS + " batches the sampler did not give a centred and a random patch at two sides.");
            return new ReportPage.Section("patches", title, text, notes,
                    List.of(figure("patches.png", Panels.grid(rows), "Labels on bSSFP, LGE and T2 of each patch")), List.of());
        }

        private static boolean complete(Map<Integer, List<Panels.Panel>[]> bySide) {
            return bySide.size() == 2 && bySide.values().stream().allMatch(p -> p[0] != null && p[1] != null);
        }

        private ReportPage.Section curves() {
            String title = "Training curves (paper Fig. 7)";
            if (!Files.isRegularFile(run.resolve(RunFiles.METRICS))) {
                return noteSection("curves", title, "No " + RunFiles.METRICS + " in " + run.toAbsolutePath().normalize() + ".");
            }
            List<EpochMetrics> history;
            try {
                history = MetricsJsonlListener.read(run);
            } catch (MfunetException e) {
                return noteSection("curves", title, e.getMessage());
            }
            if (history.isEmpty()) {
                return noteSection("curves", title, RunFiles.METRICS + " holds no epoch yet.");
            }
            new CurvesListener(folder.resolve(FIGURES)).write(history);
            figureCount++;
            EpochMetrics last = history.get(history.size() - 1);
            List<List<String>> table = new ArrayList<>();
            table.add(List.of("epoch", "learning rate", "train loss", "validation loss", "Dice scar", "Dice edema",
                    "Dice myocardium", "Dice LV", "Dice RV"));
            for (EpochMetrics m : List.of(history.get(0), last).subList(history.size() == 1 ? 1 : 0, 2)) {
                table.add(List.of(Integer.toString(m.epoch()), String.format(Locale.ROOT, "%.3g", m.learningRate()),
                        number(m.trainLoss().get(EpochMetrics.TOTAL)), number(m.validationTotal()),
                        number(m.validationDice().get("scar")), number(m.validationDice().get("edema")),
                        number(m.validationDice().get("myocardium")), number(m.validationDice().get("lv")),
                        number(m.validationDice().get("rv"))));
            }
            return new ReportPage.Section("curves", title, List.of(history.size() + " epochs recorded; first and last below."),
                    List.of(), List.of(new ReportPage.Figure(FIGURES + "/" + RunFiles.CURVES,
                            "Loss per head (training and validation), validation Dice, learning rate")), table);
        }

        private ReportPage.Section dice(Map<String, byte[]> predicted) {
            String title = "Dice per case";
            CohortEvaluation evaluation;
            String source;
            Path json = run.resolve(EVALUATION);
            if (Files.isRegularFile(json)) {
                try {
                    evaluation = EvaluationTables.readJson(json);
                    source = "From " + json.toAbsolutePath().normalize() + ".";
                } catch (MfunetException e) {
                    return noteSection("dice", title, e.getMessage());
                }
            } else {
                List<CaseEvaluation> evaluated = new ArrayList<>();
                for (Map.Entry<String, byte[]> p : predicted.entrySet()) {
                    CaseVolumes c = cases.get(p.getKey());
                    if (c.labelled()) {
                        evaluated.add(CaseEvaluation.of(p.getKey(), labels(p.getValue()), labels(c.classes()), grid(c)));
                    }
                }
                if (evaluated.isEmpty()) {
                    return noteSection("dice", title, "No " + EVALUATION + " in the run and no predictions with ground truth"
                            + " to evaluate.");
                }
                evaluation = CohortEvaluation.of(evaluated);
                source = "Computed from the predictions in " + predictions.toAbsolutePath().normalize() + " against the"
                        + " ground truth (3D Dice per case).";
            }
            List<List<String>> table = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("case"));
            for (Structure s : Structure.values()) {
                header.add(s.key());
            }
            table.add(header);
            for (CaseEvaluation c : evaluation.cases()) {
                List<String> row = new ArrayList<>(List.of(c.caseName()));
                for (Structure s : Structure.values()) {
                    row.add(number(c.get(s).dice()));
                }
                table.add(row);
            }
            List<String> summary = new ArrayList<>(List.of("mean ± std"));
            for (Structure s : Structure.values()) {
                EvaluationSummary.Statistic d = evaluation.summary().get(s).dice();
                summary.add(d.n() == 0 ? "n/a" : number(d.mean()) + " ± " + number(d.std()));
            }
            table.add(summary);
            return new ReportPage.Section("dice", title, List.of(source, "n/a: the structure is empty in both the prediction"
                    + " and the truth; such cases are left out of the mean."), List.of(), List.of(), table);
        }

        private static int[] labels(byte[] classes) {
            int[] out = new int[classes.length];
            for (int i = 0; i < classes.length; i++) {
                out[i] = MyopsLabels.valueOf(classes[i]);
            }
            return out;
        }

        private static VoxelGrid grid(CaseVolumes c) {
            double[] pixdim = c.grid().pixdim();
            return new VoxelGrid(c.nx(), c.ny(), c.nz(), pixdim[0], pixdim[1], pixdim.length > 2 ? pixdim[2] : 1);
        }

        private ReportPage.Figure figure(String name, BufferedImage image, String caption) throws IOException {
            Files.write(folder.resolve(FIGURES).resolve(name), Panels.png(image));
            figureCount++;
            return new ReportPage.Figure(FIGURES + "/" + name, caption);
        }

        private static ReportPage.Section noteSection(String id, String title, String note) {
            return new ReportPage.Section(id, title, List.of(), List.of(note), List.of(), List.of());
        }

        private static String number(Double value) {
            return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
        }

        private static String onOff(boolean on) {
            return on ? "on" : "off";
        }
    }
}

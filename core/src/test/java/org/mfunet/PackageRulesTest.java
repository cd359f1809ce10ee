package org.mfunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package rules of docs/architecture.md: which package of {@code org.mfunet} may use which. A package's own
 * classes and the root package ({@code AtomicFiles}, {@code RunFolder}, ...) are always allowed; everything else
 * must be listed here. A new package fails this test until its line is added, so its place in the house is decided
 * on purpose.
 */
class PackageRulesTest {
    static final String ROOT = "(root)";

    /** Package to the packages it may use, lowest floors first. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry(ROOT, Set.of()),
            Map.entry("nifti", Set.of()),
            Map.entry("dicom", Set.of()),
            Map.entry("model", Set.of()),
            Map.entry("data", Set.of("nifti", "dicom")),
            Map.entry("train", Set.of("data", "model", "infer", "eval")),
            Map.entry("pretrain", Set.of("data", "model", "train")),
            Map.entry("infer", Set.of("data", "model")),
            Map.entry("eval", Set.of("data", "nifti")),
            Map.entry("report", Set.of("data", "model", "train", "infer", "eval")),
            Map.entry("experiment", Set.of("data", "model", "train", "infer", "eval", "report")),
            Map.entry("bench", Set.of("data", "model", "train", "infer")),
            Map.entry("serve", Set.of("nifti", "data", "infer", "eval", "report")),
            Map.entry("cli", Set.of("nifti", "dicom", "model", "data", "train", "pretrain", "infer", "eval", "report",
                    "experiment", "bench", "serve")),
            // the Spark module (its own source tree, checked by its own test): above cli, whose SparkBackend it implements
            Map.entry("spark", Set.of("nifti", "model", "data", "train", "infer", "eval", "experiment", "cli")));

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.mfunet\\.([a-z]\\w*)\\.");
    private static final Pattern PACKAGE = Pattern.compile("^package org\\.mfunet(?:\\.([a-z]\\w*))?[.;]", Pattern.MULTILINE);

    @Test
    void everyMainSourceKeepsThePackageRules() {
        List<String> violations = violations(Path.of("src/main/java/org/mfunet"));
        assertTrue(violations.isEmpty(), "package rules broken (docs/architecture.md):\n" + String.join("\n", violations));
    }

    @Test
    void aForbiddenImportAndAnUnknownPackageAreReported(@TempDir Path dir) throws IOException {
        Path eval = Files.createDirectories(dir.resolve("eval"));
        Files.writeString(eval.resolve("Scores.java"), """
                package org.mfunet.eval;

                import org.mfunet.data.MyopsLabels;
                import org.mfunet.train.Trainer;

                /** Uses {@link org.mfunet.infer.Predictor} only in a comment, which is not a dependency. */
                final class Scores {
                    Object network = new org.mfunet.model.MfuNet(null);
                }
                """);
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("Thing.java"), "package org.mfunet.extra;\n\nfinal class Thing {\n}\n");
        assertEquals(List.of(
                dir.resolve("eval/Scores.java") + ": eval uses model, which it may not (it may use: data, nifti)",
                dir.resolve("eval/Scores.java") + ": eval uses train, which it may not (it may use: data, nifti)",
                dir.resolve("extra/Thing.java") + ": package extra has no line in the package rules"), violations(dir));
    }

    /** One line per (file, forbidden package) of the sources under {@code root}, in file order. */
    static List<String> violations(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    out.add(file + ": no package org.mfunet declaration");
                    continue;
                }
                String own = declared.group(1) == null ? ROOT : declared.group(1);
                Set<String> allowed = ALLOWED.get(own);
                if (allowed == null) {
                    out.add(file + ": package " + own + " has no line in the package rules");
                    continue;
                }
                for (String used : usedPackages(source)) {
                    if (!used.equals(own) && !allowed.contains(used)) {
                        out.add(file + ": " + own + " uses " + used + ", which it may not (it may use: "
                                + (allowed.isEmpty() ? "nothing but the root package" : String.join(", ", new TreeSet<>(allowed))) + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The sub-packages of org.mfunet that code (imports and qualified names, not comments) refers to, sorted. */
    private static Set<String> usedPackages(String source) {
        Set<String> used = new TreeSet<>();
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        code = code.replaceFirst("(?m)^package [^;]*;", "");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }
}

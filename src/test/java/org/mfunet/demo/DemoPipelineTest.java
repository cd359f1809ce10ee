package org.mfunet.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.data.RandomCardiacPhantom;
import org.mfunet.data.SyntheticCohort;
import org.mfunet.eval.EvaluationSummary;
import org.mfunet.eval.Structure;
import org.mfunet.model.Engines;
import org.mfunet.model.Presets;
import org.mfunet.train.TrainingConfig;

/** The demo pipeline end to end on a CI-sized budget: the real stages, asserted on held-out Dice. */
class DemoPipelineTest {
    @TempDir
    Path dir;

    @Test
    void learnsAnatomyAndPathologyOfHeldOutCases() {
        Engines.configure(false);
        DemoPipeline.Settings small = new DemoPipeline.Settings(10, 3, SEED, new SyntheticCohort(new RandomCardiacPhantom(96, 112)),
                Presets.CPU_SMALL.withInputSide(96), TrainingConfig.CPU_SMALL.withEpochs(EPOCHS).withStepsPerEpoch(STEPS)
                .withSeed(SEED), 0);
        StringWriter console = new StringWriter();

        DemoPipeline.Result result = DemoPipeline.run(dir.resolve("demo"), small, new PrintWriter(console, true));

        EvaluationSummary summary = result.evaluation().summary();
        System.out.println(console);
        assertEquals(3, result.evaluation().cases().size());
        assertTrue(summary.get(Structure.LV).dice().mean() > 0.7, console.toString());
        assertTrue(summary.get(Structure.MYO).dice().mean() > 0.5, console.toString());
        assertTrue(summary.get(Structure.SCAR_EDEMA).dice().mean() > 0.2, console.toString());
        assertTrue(Files.isRegularFile(result.report()));
        assertTrue(console.toString().contains("report: " + result.report()), console.toString());
    }

    @Test
    void refusesAFolderThatIsNotEmpty() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("something"), "x");
        MfunetException e = org.junit.jupiter.api.Assertions.assertThrows(MfunetException.class,
                () -> DemoPipeline.run(out, DemoPipeline.Settings.DEFAULT, new PrintWriter(new StringWriter())));
        assertEquals("--out " + out + " is not empty: choose another folder or remove it", e.getMessage());
    }

    private static final int EPOCHS = Integer.getInteger("demoTest.epochs", 12);
    private static final int STEPS = Integer.getInteger("demoTest.steps", 25);
    private static final long SEED = Long.getLong("demoTest.seed", 42);
}

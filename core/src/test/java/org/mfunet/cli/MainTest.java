package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfunet.model.Presets;

class MainTest {
    private static final List<String> COMMANDS =
            List.of("demo", "synth", "info", "pretrain", "train", "predict", "evaluate", "cv", "report", "serve", "bench",
                    "model");

    @Test
    void helpListsEveryCommandOnOneLine() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        int first = lines.indexOf("Commands:") + 1;
        List<String> listed = lines.subList(first, lines.size());
        assertEquals(COMMANDS.size(), listed.size(), r.out());
        for (int i = 0; i < COMMANDS.size(); i++) {
            assertTrue(listed.get(i).matches("  " + COMMANDS.get(i) + " +\\S.*"), listed.get(i));
        }
    }

    @Test
    void everyCommandPrintsItsUsageOnHelp() {
        for (String command : COMMANDS) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(0, r.code(), command + ": " + r.err());
            assertTrue(r.out().contains("Usage: mfunet " + command + " "), command + ": " + r.out());
        }
    }

    /** The --preset help of every command that takes one lists the presets there are, from {@link Presets#names()}. */
    @Test
    void presetHelpListsEveryPreset() {
        String listed = String.join(", ", Presets.names());
        for (String command : List.of("train", "cv", "pretrain")) {
            String help = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("preset: " + listed + " (default: cpu-small)"), command + ": " + help);
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        CliRun r = CliRun.of("info", "--bogus", "x.nii");
        assertEquals(2, r.code());
        assertEquals("error: Unknown option: '--bogus' (see: mfunet info --help)", r.err().strip());
    }
}

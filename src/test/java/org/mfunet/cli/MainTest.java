package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final List<String> COMMANDS =
            List.of("demo", "synth", "info", "pretrain", "train", "predict", "evaluate", "cv", "report", "bench", "model");

    @Test
    void helpListsEveryCommandOnOneLine() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
        List<String> lines = out.toString().lines().toList();
        int first = lines.indexOf("Commands:") + 1;
        List<String> listed = lines.subList(first, lines.size());
        assertEquals(COMMANDS.size(), listed.size(), out.toString());
        for (int i = 0; i < COMMANDS.size(); i++) {
            assertTrue(listed.get(i).matches("  " + COMMANDS.get(i) + " +\\S.*"), listed.get(i));
        }
    }

    @Test
    void everyCommandPrintsItsUsageOnHelp() {
        for (String command : COMMANDS) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {command, "--help"}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, command + ": " + err);
            assertTrue(out.toString().contains("Usage: mfunet " + command + " "), command + ": " + out);
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(new String[] {"info", "--bogus", "x.nii"}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertEquals("error: Unknown option: '--bogus' (see: mfunet info --help)", err.toString().strip());
    }
}

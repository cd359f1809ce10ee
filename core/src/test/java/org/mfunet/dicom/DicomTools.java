package org.mfunet.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent DICOM implementations the tests hold mfunet against: pydicom (Debian's python3-pydicom) writes the
 * fixtures and reads our objects back, dcm2niix converts series, dciodvfy (dicom3tools) validates our SEG. A test
 * that needs a missing tool is skipped (JUnit assumption); {@code .ci/setup} installs them.
 */
public final class DicomTools {
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private static String python;
    private static boolean pythonLooked;

    private DicomTools() {
    }

    /** The output of a finished command. */
    public record Result(int exitCode, String output) {
    }

    /** A Python with pydicom and numpy; skips the test when there is none. */
    public static String python() {
        if (!pythonLooked) {
            pythonLooked = true;
            for (String candidate : PYTHONS) {
                if (runQuietly(List.of(candidate, "-c", "import pydicom, numpy")).exitCode() == 0) {
                    python = candidate;
                    break;
                }
            }
        }
        assumeTrue(python != null, "pydicom is not installed (apt-get install python3-pydicom; see .ci/setup)");
        return python;
    }

    /** Skips the test unless {@code command} is on the PATH. */
    public static void require(String command) {
        assumeTrue(runQuietly(List.of("sh", "-c", "command -v " + command)).exitCode() == 0,
                command + " is not installed (see .ci/setup)");
    }

    /** A script of src/test/resources/dicom. */
    public static Path script(String name) {
        try {
            return Path.of(DicomTools.class.getResource("/dicom/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end (at most 2 minutes), stdout and stderr together. */
    public static Result run(List<String> command) {
        Result r = runQuietly(command);
        if (r.exitCode() == -2) {
            throw new IllegalStateException("could not start " + command + ": " + r.output());
        }
        return r;
    }

    private static Result runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-2, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}

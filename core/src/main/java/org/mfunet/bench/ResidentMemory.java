package org.mfunet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from Linux's {@code /proc/self/status}: the current resident set
 * ({@code VmRSS}) and its high-water mark ({@code VmHWM}), in MiB. Native memory of the engine is
 * included, which the JVM's own counters miss.
 */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {
    }

    /** Current resident set size in MiB, or NaN where {@code /proc} is missing. */
    public static double currentMb() {
        return field("VmRSS:");
    }

    /** Peak resident set size since start or the last {@link #resetPeak()}, in MiB; NaN where unknown. */
    public static double peakMb() {
        return field("VmHWM:");
    }

    /**
     * Resets the high-water mark to the current resident size (Linux 4.0+), so that the peak of one
     * phase can be measured apart from the phases before it. Returns false where that is not possible.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}

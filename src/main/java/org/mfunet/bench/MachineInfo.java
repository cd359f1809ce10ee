package org.mfunet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a measurement was taken on: processor model, logical cores available to the JVM,
 * physical memory and operating system.
 *
 * @param cpuModel     processor model name, or "unknown"
 * @param cores        logical cores available to this process
 * @param memoryGb     physical memory in GiB, NaN where unknown
 * @param os           operating system name, version and architecture
 */
public record MachineInfo(String cpuModel, int cores, double memoryGb, String os) {

    /** Reads the figures of the machine this JVM runs on. */
    public static MachineInfo current() {
        return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryGb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** One line for tables: "AMD EPYC, 2 cores, 23.5 GiB". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s, %d cores, %.1f GiB", cpuModel, cores, memoryGb);
    }

    private static String readCpuModel() {
        return procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
    }

    private static double readMemoryGb() {
        return procField(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.split("\\s+")[0]) / (1024.0 * 1024.0))
                .orElse(Double.NaN);
    }

    private static java.util.Optional<String> procField(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}

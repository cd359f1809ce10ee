package org.mfunet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a measurement was taken on: processor model and its widest vector instructions, logical cores
 * available to the JVM, physical memory, operating system, and the native memory allocator of this process.
 * The last two matter as much as the processor: float32 convolutions run about twice as fast per core with
 * AVX-512 as with AVX2, and with glibc's malloc every large tensor of a training step is fresh memory from the
 * kernel, whose page faults cost a third of the step on a 2-core virtual machine (see the README).
 *
 * @param cpuModel     processor model name, or "unknown"
 * @param vectorIsa    widest vector instruction set the processor reports: "avx512", "avx2", "avx" or "none"
 * @param cores        logical cores available to this process
 * @param memoryGb     physical memory in GiB, NaN where unknown
 * @param os           operating system name, version and architecture
 * @param allocator    native allocator loaded into this process: "tcmalloc", "jemalloc" or "glibc"
 */
public record MachineInfo(String cpuModel, String vectorIsa, int cores, double memoryGb, String os, String allocator) {

    /** Reads the figures of the machine this JVM runs on. */
    public static MachineInfo current() {
        return new MachineInfo(readCpuModel(), readVectorIsa(), Runtime.getRuntime().availableProcessors(), readMemoryGb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                readAllocator());
    }

    /** One line for tables: "AMD EPYC (avx2), 2 cores, 23.5 GiB, tcmalloc". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s), %d cores, %.1f GiB, %s", cpuModel, vectorIsa, cores,
                memoryGb, allocator);
    }

    private static String readVectorIsa() {
        List<String> flags = Arrays.asList(procField(Path.of("/proc/cpuinfo"), "flags").orElse("").split("\\s+"));
        for (String isa : new String[] {"avx512f", "avx2", "avx"}) {
            if (flags.contains(isa)) {
                return isa.replace("avx512f", "avx512");
            }
        }
        return "none";
    }

    private static String readAllocator() {
        try {
            String maps = Files.readString(Path.of("/proc/self/maps"));
            return maps.contains("libtcmalloc") ? "tcmalloc" : maps.contains("libjemalloc") ? "jemalloc" : "glibc";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String readCpuModel() {
        return procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
    }

    private static double readMemoryGb() {
        return procField(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.split("\\s+")[0]) / (1024.0 * 1024.0))
                .orElse(Double.NaN);
    }

    private static Optional<String> procField(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}

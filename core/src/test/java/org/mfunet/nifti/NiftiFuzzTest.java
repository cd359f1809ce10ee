package org.mfunet.nifti;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the reader: mutated fixtures (byte flips, truncations, header fields set to extreme
 * values, plain and gzip) and random headers. Every case must either read or throw NiftiException;
 * the run is bounded in cases and time, and a hang fails through the overall timeout.
 */
class NiftiFuzzTest {
    private static final long SEED = 20200923L;
    private static final int MAX_CASES = 3000;
    private static final long BUDGET_NANOS = 20_000_000_000L;
    private static final long MEMORY_LIMIT = 16L << 20;
    /** Offsets of header fields worth breaking: sizeof_hdr, dims, datatype, bitpix, pixdim, vox_offset, scaling, codes, quatern, srow. */
    private static final int[] SHORT_FIELDS = {40, 42, 44, 46, 48, 50, 70, 72, 252, 254};
    private static final int[] FLOAT_FIELDS = {0, 76, 80, 84, 88, 108, 112, 116, 256, 260, 264, 280, 300, 320};
    private static final int[] EXTREME_SHORTS = {0, -1, 1, 2, 4, 5, 32, 128, 1024, 32767, -32768, 540, 348};
    private static final float[] EXTREME_FLOATS = {0f, -1f, 352f, 347f, 1e30f, -1e30f, Float.NaN,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 2.1e9f, 3.4e38f};

    @TempDir
    Path dir;

    @Test
    void readerThrowsOnlyNiftiException() throws IOException {
        List<byte[]> plain = new ArrayList<>();
        List<ByteOrder> orders = new ArrayList<>();
        for (Path fixture : Fixtures.images()) {
            byte[] bytes = decompressed(fixture);
            plain.add(bytes);
            orders.add(NiftiReader.readHeader(fixture).byteOrder());
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int[] cases = {0};
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (cases[0] < MAX_CASES && System.nanoTime() - start < BUDGET_NANOS) {
                int pick = random.nextInt(plain.size());
                int kind = random.nextInt(4);
                byte[] bytes = mutate(kind, plain.get(pick).clone(), orders.get(pick), random);
                boolean gz = random.nextBoolean();
                Path file = dir.resolve("case" + (gz ? ".nii.gz" : ".nii"));
                byte[] content = gz ? BrokenNifti.gzip(bytes) : bytes;
                if (gz && random.nextInt(3) == 0) {
                    content = mutate(random.nextBoolean() ? 0 : 1, content, orders.get(pick), random);
                }
                Files.write(file, content);
                readExpectingOnlyNiftiException(file, "case " + cases[0] + " kind " + kind + " fixture " + pick);
                cases[0]++;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("NIfTI fuzz: %d cases in %.1f s (seed %d)%n", cases[0], seconds, SEED);
        assertTrue(cases[0] >= 1000, "only " + cases[0] + " cases ran within the time budget");
    }

    private static void readExpectingOnlyNiftiException(Path file, String label) {
        try {
            NiftiImage image = NiftiReader.read(file, MEMORY_LIMIT);
            assertTrue(image.data().length == image.nx() * image.ny() * image.nz(), label);
        } catch (NiftiException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), label + ": " + e.getMessage());
        } catch (Throwable t) {
            fail(label + ": " + t, t);
        }
        try {
            NiftiSummary.of(file);
        } catch (NiftiException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), label + ": " + e.getMessage());
        } catch (Throwable t) {
            fail(label + " (summary): " + t, t);
        }
    }

    /** 0 byte flips, 1 truncation, 2 extreme header field, 3 random header with plausible size and magic. */
    private static byte[] mutate(int kind, byte[] bytes, ByteOrder order, SplittableRandom random) {
        switch (kind) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return bytes;
            }
            case 1 -> {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 2 -> {
                ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
                int fields = 1 + random.nextInt(3);
                for (int i = 0; i < fields; i++) {
                    if (random.nextBoolean()) {
                        b.putShort(SHORT_FIELDS[random.nextInt(SHORT_FIELDS.length)],
                                (short) EXTREME_SHORTS[random.nextInt(EXTREME_SHORTS.length)]);
                    } else {
                        b.putFloat(FLOAT_FIELDS[random.nextInt(FLOAT_FIELDS.length)],
                                EXTREME_FLOATS[random.nextInt(EXTREME_FLOATS.length)]);
                    }
                }
                return bytes;
            }
            default -> {
                byte[] header = new byte[NiftiHeader.SIZE + random.nextInt(600)];
                for (int i = 0; i < header.length; i++) {
                    header[i] = (byte) random.nextInt(256);
                }
                ByteBuffer b = ByteBuffer.wrap(header).order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                if (random.nextInt(4) > 0) {
                    b.putInt(0, NiftiHeader.SIZE);
                    b.put(344, new byte[] {'n', '+', '1', 0});
                    b.putShort(40, (short) (2 + random.nextInt(3)));
                }
                return header;
            }
        }
    }

    private static byte[] decompressed(Path fixture) throws IOException {
        byte[] raw = Files.readAllBytes(fixture);
        if (!fixture.toString().endsWith(".gz")) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(fixture))) {
            return in.readAllBytes();
        }
    }
}

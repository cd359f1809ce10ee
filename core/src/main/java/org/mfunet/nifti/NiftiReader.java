package org.mfunet.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.mfunet.MfunetException;

/**
 * Reads single-file NIfTI-1 images ({@code .nii}, or gzip-compressed, recognised by content), either
 * byte order. Any problem with the file ends as a {@link NiftiException} naming it; nothing else escapes
 * for bad bytes. Sizes claimed by the header are checked against a memory limit before anything is
 * allocated, and against the file length before voxels are read.
 */
public final class NiftiReader {
    /** Default limit on the memory of the float voxel array: 2 GiB. */
    public static final long DEFAULT_MAX_VOXEL_BYTES = 2L << 30;
    /** System property that replaces {@link #DEFAULT_MAX_VOXEL_BYTES} for {@link #read(Path)}, in bytes. */
    public static final String MAX_VOXEL_BYTES_PROPERTY = "mfunet.maxVoxelBytes";

    private static final int CHUNK_BYTES = 1 << 16;
    private static final int FIRST_CAPACITY = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private NiftiReader() {
    }

    /** Receives scaled voxel values in file order, a chunk at a time. */
    @FunctionalInterface
    interface VoxelSink {
        /** @param values chunk buffer, reused between calls; only the first {@code count} are valid */
        void accept(float[] values, int count);
    }

    /** The header only; checks it as {@link #read} does but reads no voxels. */
    public static NiftiHeader readHeader(Path file) {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            return readHeader(in, file);
        } catch (IOException e) {
            throw failure(file, e, "the header");
        }
    }

    /** A 2D or 3D image with the memory limit of {@link #maxVoxelBytes()}. */
    public static NiftiImage read(Path file) {
        return read(file, maxVoxelBytes());
    }

    /**
     * The memory limit of {@link #read(Path)}: the system property {@value #MAX_VOXEL_BYTES_PROPERTY} if set
     * (users pass it to the JVM, e.g. {@code MFUNET_JAVA_OPTS="-Dmfunet.maxVoxelBytes=8589934592"}), else
     * {@link #DEFAULT_MAX_VOXEL_BYTES}.
     *
     * @throws MfunetException if the property is set but not a positive whole number of bytes
     */
    public static long maxVoxelBytes() {
        String value = System.getProperty(MAX_VOXEL_BYTES_PROPERTY);
        if (value == null) {
            return DEFAULT_MAX_VOXEL_BYTES;
        }
        try {
            long bytes = Long.parseLong(value.strip());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below together with the non-positive case
        }
        throw new MfunetException("-D" + MAX_VOXEL_BYTES_PROPERTY + "=" + value + ": must be a positive number of bytes");
    }

    /**
     * A 2D or 3D image (a 4D file with one volume counts as 3D).
     *
     * @param maxVoxelBytes refuse images whose float values ({@code 4 * nx * ny * nz} bytes) exceed this
     * @return scaled values as floats, x fastest
     */
    public static NiftiImage read(Path file, long maxVoxelBytes) {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            NiftiHeader header = readHeader(in, file);
            checkVolume(file, header, maxVoxelBytes);
            checkLength(file, gzip, header);
            GrowingArray array = new GrowingArray(file, (int) header.voxelCount());
            readVoxels(in, file, gzip, header, array);
            return new NiftiImage(header, array.values);
        } catch (IOException e) {
            throw failure(file, e, "the voxel data");
        }
    }

    /**
     * Checks a file as {@link #read(Path)} would read it (header, one 2D or 3D volume within the memory limit, every
     * voxel present, the gzip stream whole and its checksum right) while keeping no voxels: a check of an
     * untrusted file that costs a pass over it and no memory.
     *
     * @return the file's header
     * @throws NiftiException naming the file and the first problem, as {@link #read(Path)} would
     */
    public static NiftiHeader verify(Path file) {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            NiftiHeader header = readHeader(in, file);
            checkVolume(file, header, maxVoxelBytes());
            checkLength(file, gzip, header);
            readVoxels(in, file, gzip, header, (values, count) -> {
            });
            return header;
        } catch (IOException e) {
            throw failure(file, e, "the voxel data");
        }
    }

    /** One volume whose float voxels fit the memory limit. */
    private static void checkVolume(Path file, NiftiHeader header, long maxVoxelBytes) {
        if (header.nt() > 1) {
            throw new NiftiException(file, "4D image with " + header.nt() + " volumes; a 3D volume is needed");
        }
        if (header.voxelCount() != (long) header.nx() * header.ny() * header.nz()) {
            throw new NiftiException(file, header.dims().length + "D image " + Arrays.toString(header.dims())
                    + "; a 3D volume is needed");
        }
        long count = header.voxelCount();
        if (count > MAX_ARRAY || Math.multiplyExact(count, Float.BYTES) > maxVoxelBytes) {
            throw new NiftiException(file, String.format("%s x %s x %s voxels need %,d MiB as floats, more than"
                    + " the limit of %,d MiB (raise it with -D%s=BYTES)", header.nx(), header.ny(), header.nz(),
                    count * Float.BYTES >> 20, maxVoxelBytes >> 20, MAX_VOXEL_BYTES_PROPERTY));
        }
    }

    /**
     * Streams every voxel (all volumes, so 4D files too) to {@code sink} without holding the image.
     *
     * @return the file's header
     */
    static NiftiHeader stream(Path file, VoxelSink sink) {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            NiftiHeader header = readHeader(in, file);
            checkLength(file, gzip, header);
            readVoxels(in, file, gzip, header, sink);
            return header;
        } catch (IOException e) {
            throw failure(file, e, "the voxel data");
        }
    }

    private static boolean isGzip(Path file) {
        if (Files.isDirectory(file)) {
            throw new NiftiException(file, "is a folder, not a NIfTI file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw failure(file, e, "the file");
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES);
        return gzip ? new GZIPInputStream(in, CHUNK_BYTES) : in;
    }

    private static NiftiHeader readHeader(InputStream in, Path file) throws IOException {
        byte[] raw = in.readNBytes(NiftiHeader.SIZE);
        if (raw.length < NiftiHeader.SIZE) {
            throw new NiftiException(file, "truncated: " + raw.length + " bytes, a NIfTI-1 header needs "
                    + NiftiHeader.SIZE);
        }
        return NiftiHeader.parse(raw, file);
    }

    /** For uncompressed files the length is known: refuse short files before reading or allocating. */
    private static void checkLength(Path file, boolean gzip, NiftiHeader header) throws IOException {
        if (gzip) {
            return;
        }
        long size = Files.size(file);
        if (header.voxOffset() > size) {
            throw new NiftiException(file, "vox_offset " + header.voxOffset() + " is beyond the end of the file ("
                    + size + " bytes)");
        }
        long needed = dataBytes(header);
        if (size - header.voxOffset() < needed) {
            throw shortData(file, header, size - header.voxOffset());
        }
    }

    private static long dataBytes(NiftiHeader header) {
        return Math.multiplyExact(header.voxelCount(), header.datatype().bytes());
    }

    private static NiftiException shortData(Path file, NiftiHeader header, long present) {
        return new NiftiException(file, String.format("truncated: the header describes %s voxels of %s (%,d bytes"
                + " from offset %d), only %,d bytes are there", Arrays.toString(header.dims()),
                header.datatype().typeName(), dataBytes(header), header.voxOffset(), present));
    }

    private static void readVoxels(InputStream in, Path file, boolean gzip, NiftiHeader header, VoxelSink sink)
            throws IOException {
        long skip = header.voxOffset() - NiftiHeader.SIZE;
        try {
            in.skipNBytes(skip);
        } catch (EOFException e) {
            throw new NiftiException(file, "vox_offset " + header.voxOffset() + " is beyond the end of the data");
        }
        NiftiDatatype type = header.datatype();
        int bytesPer = type.bytes();
        double slope = header.effectiveSlope();
        double inter = header.effectiveInter();
        boolean scaled = header.hasScaling();
        byte[] bytes = new byte[CHUNK_BYTES];
        float[] values = new float[CHUNK_BYTES / bytesPer];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(header.byteOrder());
        long remaining = dataBytes(header);
        long done = 0;
        while (remaining > 0) {
            int want = (int) Math.min(remaining, CHUNK_BYTES);
            int got = in.readNBytes(bytes, 0, want);
            if (got < want) {
                throw shortData(file, header, done + got);
            }
            int n = got / bytesPer;
            for (int i = 0; i < n; i++) {
                double v = decode(buffer, i * bytesPer, type);
                values[i] = (float) (scaled ? v * slope + inter : v);
            }
            sink.accept(values, n);
            remaining -= got;
            done += got;
        }
        if (gzip) {
            // Reading to the end makes GZIPInputStream verify the CRC and length of the whole stream.
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static double decode(ByteBuffer b, int at, NiftiDatatype type) {
        return switch (type) {
            case UINT8 -> b.get(at) & 0xff;
            case INT8 -> b.get(at);
            case INT16 -> b.getShort(at);
            case UINT16 -> b.getShort(at) & 0xffff;
            case INT32 -> b.getInt(at);
            case UINT32 -> b.getInt(at) & 0xffffffffL;
            case FLOAT32 -> b.getFloat(at);
            case FLOAT64 -> b.getDouble(at);
        };
    }

    private static NiftiException failure(Path file, IOException e, String what) {
        if (e instanceof NoSuchFileException) {
            return new NiftiException(file, "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new NiftiException(file, "permission denied", e);
        }
        if (e instanceof EOFException) {
            return new NiftiException(file, "truncated gzip data: the stream ends inside " + what, e);
        }
        if (e instanceof ZipException) {
            return new NiftiException(file, "corrupt gzip data in " + what + " (" + e.getMessage() + ")", e);
        }
        return new NiftiException(file, "cannot read " + what + ": " + e, e);
    }

    /** Collects voxels into a float array grown as data arrive, so a lying header allocates little. */
    private static final class GrowingArray implements VoxelSink {
        private final Path file;
        private final int total;
        private float[] values = new float[0];
        private int size;

        GrowingArray(Path file, int total) {
            this.file = file;
            this.total = total;
        }

        @Override
        public void accept(float[] chunk, int count) {
            if (size + count > values.length) {
                int capacity = (int) Math.min(total, Math.max(2L * values.length, Math.max(FIRST_CAPACITY, size + count)));
                try {
                    values = Arrays.copyOf(values, capacity);
                } catch (OutOfMemoryError e) {
                    throw new NiftiException(file, String.format("not enough memory for %,d voxels (raise -Xmx)", total));
                }
            }
            System.arraycopy(chunk, 0, values, size, count);
            size += count;
        }
    }
}

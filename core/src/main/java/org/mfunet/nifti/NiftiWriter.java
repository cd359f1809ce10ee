package org.mfunet.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes single-file NIfTI-1 images, {@code .nii} or gzip-compressed {@code .nii.gz} by the target's
 * name. The header is a reference header (normally the input image's) with only datatype, bitpix,
 * scaling, dimensions, vox_offset (352), description and the display range changed, so the output keeps
 * the input's qform/sform bit for bit and overlays on it in viewers. Files appear atomically: data go
 * to a temporary file in the target's folder that is then renamed; on failure nothing is left behind.
 */
public final class NiftiWriter {
    /** The {@code descrip} of files written through {@link #write(Path, NiftiHeader, NiftiDatatype, int, int, int, float[])}. */
    public static final String DESCRIPTION = "mfunet";

    private static final int CHUNK_BYTES = 1 << 16;

    private NiftiWriter() {
    }

    /**
     * Writes a 2D or 3D volume on the reference's grid.
     *
     * @param reference header to copy (its qform, sform, pixdim, units, byte order are kept)
     * @param type      stored type; integer types round to nearest (ties to even) and refuse values out of range
     * @param data      {@code nx * ny * nz} values, x fastest: {@code index = x + nx * (y + ny * z)}
     */
    public static void write(Path target, NiftiHeader reference, NiftiDatatype type, int nx, int ny, int nz,
            float[] data) {
        NiftiHeader header = reference.withDatatype(type).withScaling(1, 0).withDescription(DESCRIPTION);
        int[] old = reference.dims();
        boolean sameShape = nx == reference.nx() && ny == reference.ny() && nz == reference.nz() && reference.nt() == 1;
        // An unchanged grid keeps the reference's rank, e.g. a 4D header with one volume stays 4D.
        write(target, sameShape ? header.withDims(old) : header.withDims(nx, ny, nz), data);
    }

    /**
     * Writes voxels with a complete header: its datatype, dimensions and scaling decide the stored values,
     * {@code stored = (value - scl_inter) / scl_slope} (no scaling when the slope is 0 or not finite).
     *
     * @param data {@code product(header.dims())} values, x fastest
     */
    public static void write(Path target, NiftiHeader header, float[] data) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        boolean gzip = name.endsWith(".nii.gz");
        if (!gzip && !name.endsWith(".nii")) {
            throw new NiftiException(target, "output name must end in .nii or .nii.gz");
        }
        if (data.length != header.voxelCount()) {
            throw new NiftiException(target, "got " + data.length + " voxel values, the header's dims "
                    + java.util.Arrays.toString(header.dims()) + " need " + header.voxelCount());
        }
        Path folder = target.toAbsolutePath().getParent();
        Path temp = folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = open(temp, gzip)) {
                NiftiHeader stored = header.forWriting();
                out.write(stored.toBytes());
                out.write(new byte[NiftiHeader.DATA_OFFSET - NiftiHeader.SIZE]);
                writeVoxels(out, target, stored, data);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static OutputStream open(Path temp, boolean gzip) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), CHUNK_BYTES);
        return gzip ? new GZIPOutputStream(out, CHUNK_BYTES) : out;
    }

    private static void writeVoxels(OutputStream out, Path target, NiftiHeader header, float[] data)
            throws IOException {
        NiftiDatatype type = header.datatype();
        boolean scaled = header.hasScaling();
        double slope = header.effectiveSlope();
        double inter = header.effectiveInter();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(header.byteOrder());
        for (int i = 0; i < data.length; i++) {
            double v = scaled ? (data[i] - inter) / slope : data[i];
            if (type.isInteger()) {
                v = storable(target, header, type, v, i);
            }
            if (buffer.remaining() < type.bytes()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            encode(buffer, type, v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    private static double storable(Path target, NiftiHeader header, NiftiDatatype type, double value, int index) {
        double r = Math.rint(value);
        if (!(r >= type.minValue() && r <= type.maxValue())) {
            int nx = header.nx();
            int ny = header.ny();
            throw new NiftiException(target, String.format("value %s at voxel (%d, %d, %d) cannot be stored as %s"
                    + " (range %d to %d)", value, index % nx, index / nx % ny, index / nx / ny,
                    type.typeName(), type.minValue(), type.maxValue()));
        }
        return r;
    }

    private static void encode(ByteBuffer b, NiftiDatatype type, double v) {
        switch (type) {
            case UINT8, INT8 -> b.put((byte) (long) v);
            case INT16, UINT16 -> b.putShort((short) (long) v);
            case INT32, UINT32 -> b.putInt((int) (long) v);
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
        }
    }

    private static NiftiException failure(Path target, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NiftiException(target, "cannot write: the folder does not exist", e);
        }
        if (e instanceof AccessDeniedException) {
            return new NiftiException(target, "cannot write: permission denied", e);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return new NiftiException(target, "cannot write: " + f.getReason(), e);
        }
        return new NiftiException(target, "cannot write: " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Nothing more can be done; the original failure (if any) is what the user needs to see.
        }
    }
}

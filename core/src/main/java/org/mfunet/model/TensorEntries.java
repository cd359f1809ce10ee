package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.mfunet.model.layers.NativeStaging;

/**
 * Named float32 arrays in the big-endian streams of this project's files (model parameter files and training
 * checkpoints), one entry each: name (Java modified UTF-8, as {@link DataOutputStream#writeUTF}), int rank, long
 * per axis, then the values in row-major order.
 *
 * <p>Values pass a 64 KiB chunk at a time between the engine's memory and the stream. Copying whole arrays to the
 * Java heap first held up to three heap copies of a network (760 MB for the paper preset at every checkpoint), and
 * a JVM keeps in its resident size the heap it once needed. Not thread-safe: use one instance per stream; its
 * buffers are reused from entry to entry.
 */
public final class TensorEntries {
    private static final int CHUNK_BYTES = 1 << 16;

    private final byte[] chunk = new byte[CHUNK_BYTES];
    private final FloatBuffer chunkValues = ByteBuffer.wrap(chunk).asFloatBuffer();
    /** Values read into the engine pass here; grows to the largest entry read. */
    private final NativeStaging staging = new NativeStaging();

    /** An entry's name and shape, read before its values. */
    public record Header(String name, Shape shape) {
    }

    /** Bytes of an entry of this name and shape, as {@link #write} writes it. */
    public static long bytes(String name, Shape shape) {
        long utf = 2;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            utf += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return utf + Integer.BYTES + (long) Long.BYTES * shape.dimension() + Float.BYTES * shape.size();
    }

    /** Bytes of a section as {@link #writeSection} writes it. */
    public static long sectionBytes(Map<String, NDArray> section) {
        long n = Integer.BYTES;
        for (Map.Entry<String, NDArray> e : section.entrySet()) {
            n += bytes(e.getKey(), e.getValue().getShape());
        }
        return n;
    }

    /** Writes a section: the int count of its entries, then each entry in the map's order. */
    public void writeSection(DataOutputStream out, Map<String, NDArray> section) throws IOException {
        out.writeInt(section.size());
        for (Map.Entry<String, NDArray> e : section.entrySet()) {
            write(out, e.getKey(), e.getValue());
        }
    }

    /** Writes {@code array} (float32) as an entry named {@code name}. */
    public void write(DataOutputStream out, String name, NDArray array) throws IOException {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(name + " is " + array.getDataType() + ", entries hold float32");
        }
        long[] dims = array.getShape().getShape();
        out.writeUTF(name);
        out.writeInt(dims.length);
        for (long d : dims) {
            out.writeLong(d);
        }
        // A view of the engine's memory when the array is contiguous, else one native copy in logical order.
        FloatBuffer values = array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        while (values.hasRemaining()) {
            int n = Math.min(values.remaining(), chunkValues.capacity());
            chunkValues.clear();
            chunkValues.put(values.slice(values.position(), n));
            values.position(values.position() + n);
            out.write(chunk, 0, n * Float.BYTES);
        }
    }

    /**
     * Reads an entry's name and shape; its values must be read next, by one of the {@code read} methods.
     *
     * @param maxBytes the most bytes the values may take (what is left of the stream): a larger shape is refused
     *                 before anything is allocated
     * @throws IllegalArgumentException when the shape is negative or asks for more than {@code maxBytes}
     */
    public Header readHeader(DataInputStream in, long maxBytes) throws IOException {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || (long) rank * Long.BYTES > maxBytes) {
            throw new IllegalArgumentException("entry " + name + " has rank " + rank);
        }
        long[] dims = new long[rank];
        long values = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readLong();
            if (dims[d] < 0) {
                throw new IllegalArgumentException("entry " + name + " has a negative axis " + d + " of " + dims[d]);
            }
            if (dims[d] > 0 && values > maxBytes / Float.BYTES / dims[d]) {
                throw new IllegalArgumentException("entry " + name + " has axis " + d + " of " + dims[d]
                        + ", more than the file holds");
            }
            values *= dims[d];
        }
        return new Header(name, new Shape(dims));
    }

    /** Reads {@code target.size()} values and copies them into {@code target} in place. */
    public void readInto(DataInputStream in, NDArray target) throws IOException {
        stage(in, target.size());
        try (NDManager scratch = target.getManager().newSubManager()) {
            InPlace.copy(target, staging.view(scratch, target.getShape()));
        }
    }

    /** Reads values of {@code shape} into a new array of {@code manager}. */
    public NDArray read(DataInputStream in, Shape shape, NDManager manager) throws IOException {
        stage(in, shape.size());
        return staging.copy(manager, shape, DataType.FLOAT32);
    }

    /** Reads {@code count} values onto the Java heap. */
    public float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] out = new float[count];
        for (int from = 0; from < count; ) {
            int n = Math.min(count - from, chunkValues.capacity());
            in.readFully(chunk, 0, n * Float.BYTES);
            chunkValues.clear();
            chunkValues.get(out, from, n);
            from += n;
        }
        return out;
    }

    /** Reads {@code count} values into the staging buffer, converted to native order. */
    private void stage(DataInputStream in, long count) throws IOException {
        FloatBuffer into = staging.values(count);
        while (into.hasRemaining()) {
            int n = Math.min(into.remaining(), chunkValues.capacity());
            in.readFully(chunk, 0, n * Float.BYTES);
            chunkValues.clear().limit(n);
            into.put(chunkValues);
        }
    }
}

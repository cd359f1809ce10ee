package org.mfunet.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One native-order direct buffer, reused to bring float32 values from Java into the engine without a Java array
 * per array: a network-sized detour through the Java heap stays in the JVM's resident size. Fill {@link #values},
 * then take the array out with {@link #view} or {@link #copy} before filling it again. Not thread-safe.
 */
public final class NativeStaging {
    private ByteBuffer buffer;

    /** Room for {@code count} values, position 0 and limit {@code count}; grows the buffer when needed. */
    public FloatBuffer values(long count) {
        int bytes = Math.toIntExact(count * Float.BYTES);
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        return buffer.asFloatBuffer();
    }

    /**
     * An array of {@code scratch} over the staged values, row-major in {@code shape}: it shares the buffer, so it must
     * be used, and closed, before the buffer is filled again.
     */
    public NDArray view(NDManager scratch, Shape shape) {
        return scratch.create(buffer, shape, DataType.FLOAT32);
    }

    /** The staged values as a new array of {@code manager} of type {@code type}, in the engine's own memory. */
    public NDArray copy(NDManager manager, Shape shape, DataType type) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray shared = view(scratch, shape);
            NDArray owned = type == DataType.FLOAT32 ? shared.duplicate() : shared.toType(type, false);
            owned.attach(manager);
            return owned;
        }
    }
}

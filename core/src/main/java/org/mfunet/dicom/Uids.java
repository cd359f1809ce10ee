package org.mfunet.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** New unique identifiers: a random UUID as a decimal under the root {@code 2.25} (DICOM PS3.5 Annex B.2). */
public final class Uids {
    private Uids() {
    }

    /** A new UID, e.g. {@code 2.25.329800735698586629295641978511506172918}. */
    public static String create() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }
}

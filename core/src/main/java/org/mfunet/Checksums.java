package org.mfunet;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The checksum that guards the project's binary files (parameter files and checkpoints). */
public final class Checksums {
    /** Bytes of a {@link #sha256()} digest. */
    public static final int SHA256_BYTES = 32;

    private Checksums() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

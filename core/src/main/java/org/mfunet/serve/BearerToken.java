package org.mfunet.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.mfunet.MfunetException;

/**
 * The secret every API call must present as {@code Authorization: Bearer <token>}. Only its SHA-256 digest is kept,
 * requests are compared digest to digest in constant time ({@link MessageDigest#isEqual}), so neither the time taken
 * nor the token's length leaks, and {@link #toString()} never shows it.
 */
public final class BearerToken {
    /** Fewer characters than this are refused: a token is a password, not a name. */
    public static final int MIN_LENGTH = 16;
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token in {@code file}: its content, surrounding white space dropped.
     *
     * @throws MfunetException naming the file when it cannot be read, or the token is shorter than
     *                                    {@value #MIN_LENGTH} characters or holds white space or control characters
     */
    public static BearerToken read(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new MfunetException("--token-file " + file + ": no such file");
        } catch (IOException e) {
            throw new MfunetException("--token-file " + file + ": cannot read (" + e.getMessage() + ")");
        }
        return of(token, "--token-file " + file);
    }

    /**
     * A token given as text.
     *
     * @param source names where it came from in error messages
     */
    public static BearerToken of(String token, String source) {
        if (token.length() < MIN_LENGTH) {
            throw new MfunetException(source + ": the token must have at least " + MIN_LENGTH
                    + " characters, it has " + token.length());
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new MfunetException(source + ": the token must not contain spaces or control characters");
        }
        return new BearerToken(token);
    }

    /** True when an {@code Authorization} header value (null when absent) carries this token. */
    public boolean admits(String authorization) {
        String presented = authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? authorization.substring(SCHEME.length()).strip() : "";
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}

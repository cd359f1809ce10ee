package org.mfunet.serve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.mfunet.MfunetException;

/**
 * Settings of a segmentation service.
 *
 * @param host           address to listen on; one that is not a loopback address needs a {@code token} or
 *                       {@code insecure}
 * @param port           TCP port, 0 for any free one
 * @param dataDir        folder of the cases' uploads, records and results (created if missing)
 * @param maxQueue       cases that may wait for inference at once; more are refused with 429
 * @param maxUploadBytes largest request body accepted; larger ones are refused with 413
 * @param requestTimeout time a client has to send a whole request; a slower one is answered 408 (one that stops
 *                       sending altogether has its connection closed a little later: the JDK's server reads that limit
 *                       once per process, from the first service started)
 * @param token          the secret every API call must carry, or null for none
 * @param insecure       allow a non-loopback {@code host} without a token
 */
public record ServeConfig(String host, int port, Path dataDir, int maxQueue, long maxUploadBytes, Duration requestTimeout,
                          BearerToken token, boolean insecure) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_QUEUE = 16;
    public static final int DEFAULT_MAX_UPLOAD_MB = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

    public ServeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (host.isBlank()) {
            throw new MfunetException("--host: give an address to listen on, e.g. " + DEFAULT_HOST);
        }
        if (port < 0 || port > 65535) {
            throw new MfunetException("--port " + port + ": must be 0 (any free port) to 65535");
        }
        if (maxQueue < 1) {
            throw new MfunetException("--max-queue " + maxQueue + ": at least 1 case must be able to wait");
        }
        if (maxUploadBytes < 1) {
            throw new MfunetException("--max-upload-mb: the upload limit must be positive, got " + maxUploadBytes + " bytes");
        }
        if (requestTimeout.isNegative() || requestTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("requestTimeout must be at least a second, got " + requestTimeout);
        }
    }

    /** The defaults: localhost:8080, a queue of 16, 256 MB uploads, 120 s to send one, no token. */
    public static ServeConfig of(Path dataDir) {
        return new ServeConfig(DEFAULT_HOST, DEFAULT_PORT, dataDir, DEFAULT_MAX_QUEUE,
                DEFAULT_MAX_UPLOAD_MB * 1_000_000L, DEFAULT_REQUEST_TIMEOUT, null, false);
    }

    /**
     * The address to bind.
     *
     * @throws MfunetException when the host is unknown, or is not a loopback address while there is no token and
     *                         {@code insecure} is off
     */
    public InetSocketAddress bindAddress() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new MfunetException("--host " + host + ": unknown host");
        }
        if (!address.isLoopbackAddress() && token == null && !insecure) {
            throw new MfunetException("--host " + host + ": refusing to serve beyond this machine without a token;"
                    + " give --token-file FILE (or --insecure to let anyone who can reach it in)");
        }
        return new InetSocketAddress(address, port);
    }

    public ServeConfig withHost(String value) {
        return new ServeConfig(value, port, dataDir, maxQueue, maxUploadBytes, requestTimeout, token, insecure);
    }

    public ServeConfig withPort(int value) {
        return new ServeConfig(host, value, dataDir, maxQueue, maxUploadBytes, requestTimeout, token, insecure);
    }

    public ServeConfig withMaxQueue(int value) {
        return new ServeConfig(host, port, dataDir, value, maxUploadBytes, requestTimeout, token, insecure);
    }

    public ServeConfig withMaxUploadBytes(long value) {
        return new ServeConfig(host, port, dataDir, maxQueue, value, requestTimeout, token, insecure);
    }

    public ServeConfig withRequestTimeout(Duration value) {
        return new ServeConfig(host, port, dataDir, maxQueue, maxUploadBytes, value, token, insecure);
    }

    public ServeConfig withToken(BearerToken value) {
        return new ServeConfig(host, port, dataDir, maxQueue, maxUploadBytes, requestTimeout, value, insecure);
    }

    public ServeConfig withInsecure(boolean value) {
        return new ServeConfig(host, port, dataDir, maxQueue, maxUploadBytes, requestTimeout, token, value);
    }
}

package org.mfunet.serve;

/**
 * A request the service refuses: the HTTP status and the one-line reason sent back as {@code {"error": "..."}}.
 * The reason names the field, parameter or case at fault and never a path on the server.
 */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

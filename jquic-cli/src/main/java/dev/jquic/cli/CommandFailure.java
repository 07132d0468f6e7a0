package dev.jquic.cli;

/**
 * A failure the user should read as one line (no stack trace): a connection that could not be
 * made, an echo that did not match, a wait that timed out.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.pgsafety.cli;

/** Bad usage, unreadable input or bad configuration: printed as one line, exit status 2. */
final class CliException extends Exception {
    CliException(String message) {
        super(message);
    }
}

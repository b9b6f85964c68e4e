package io.pgsafety.demo;

/** The demo did not go as it shows: pg-safety or the tools behaved differently from what it explains. */
final class DemoFailure extends RuntimeException {

    DemoFailure(String message) {
        super(message);
    }
}

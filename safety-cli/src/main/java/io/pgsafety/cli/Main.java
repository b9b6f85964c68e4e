package io.pgsafety.cli;

/** Entry point of {@code java -jar safety-cli.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("usage: safety-cli lint [options] PATH...");
        System.exit(2);
    }
}

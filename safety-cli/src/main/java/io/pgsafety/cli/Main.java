package io.pgsafety.cli;

import io.pgsafety.core.report.Tool;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Entry point of {@code java -jar safety-cli.jar}. */
public final class Main {

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int BAD_USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        OptionalInt tuned = TunedJvm.relaunchIfWorthwhile(args);
        if (tuned.isPresent()) {
            System.exit(tuned.getAsInt());
        }
        boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        System.exit(run(args, new FileOutputStream(FileDescriptor.out), System.err, terminal));
    }

    /**
     * Runs the command line {@code args}: the report goes to {@code out}, problems to {@code err}.
     *
     * @param color whether the text report may use ANSI colours ({@code out} is a terminal)
     * @return the exit status: 0 no error-level finding, 1 some, 2 bad usage or input
     */
    static int run(String[] args, OutputStream out, OutputStream err, boolean color) {
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> arguments = Arrays.asList(args);
        switch (LintOptions.action(arguments)) {
            case HELP -> {
                print(out, LintOptions.USAGE);
                return OK;
            }
            case VERSION -> {
                print(out, Tool.NAME + " " + Tool.version() + "\n");
                return OK;
            }
            default -> { }
        }
        if (arguments.isEmpty() || !arguments.get(0).equals("lint")) {
            errors.println("safety: " + (arguments.isEmpty() ? "no command given"
                    : "unknown command '" + arguments.get(0) + "'") + " (usage: safety lint [options] PATH...)");
            return BAD_USAGE;
        }
        try {
            LintOptions options = LintOptions.parse(arguments.subList(1, arguments.size()));
            return new Lint(options, InputFiles.workingDir()).run(out, errors, color);
        } catch (CliException e) {
            errors.println("safety: " + e.getMessage());
            return BAD_USAGE;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not a verdict: exit 1 would read as "findings", so say so and exit 2.
            errors.println("safety: internal error, please report it: " + e);
            e.printStackTrace(errors);
            return BAD_USAGE;
        }
    }

    private static void print(OutputStream out, String text) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        ps.print(text);
        ps.flush();
    }
}

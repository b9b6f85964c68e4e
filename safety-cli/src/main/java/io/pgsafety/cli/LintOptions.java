package io.pgsafety.cli;

import io.pgsafety.core.report.Reporters;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line of {@code lint}, parsed by hand (an argument library costs start-up time). */
record LintOptions(String format, String pgVersion, String configFile, Map<String, String> rules, boolean strict,
        String contexts, String labels, List<String> paths) {

    static final String USAGE = """
            usage: safety lint [options] PATH...

            Checks PostgreSQL migrations (Flyway, Liquibase changelogs, goose, dbmate, diesel,
            plain SQL) for statements that lock or break a live database, without a database.
            PATH is a file or a directory (searched recursively for *.sql and Liquibase
            *.xml, *.yaml, *.yml, *.json changelogs).

            options:
              --format text|json|sarif|github  report format (default text)
              --pg-version N                   PostgreSQL major version to judge for (default 16)
              --config FILE                    properties file with safety.<key>=value settings
              --rule ID=error|warning|off      set one rule's severity (repeatable)
              --strict                         statements that cannot be parsed are errors
              --contexts EXPR                  Liquibase contexts to run (default: every changeset)
              --labels EXPR                    Liquibase label expression (default: every changeset)
              --help                           show this help
              --version                        show the version

            exit status: 0 no error-level finding, 1 error-level findings, 2 bad usage or input
            """;

    /** What the command line asks for besides linting. */
    enum Action { LINT, HELP, VERSION }

    /** Parses the arguments after {@code lint}. */
    static LintOptions parse(List<String> args) throws CliException {
        String format = "text";
        String pgVersion = null;
        String configFile = null;
        Map<String, String> rules = new LinkedHashMap<>();
        boolean strict = false;
        String contexts = null;
        String labels = null;
        List<String> paths = new ArrayList<>();
        boolean optionsEnded = false;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                paths.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 && arg.startsWith("--") ? arg.substring(0, eq) : arg;
            String inline = eq > 0 && arg.startsWith("--") ? arg.substring(eq + 1) : null;
            switch (name) {
                case "--strict" -> {
                    noValue(name, inline);
                    strict = true;
                }
                case "--format" -> {
                    format = value(name, inline, it).toLowerCase(Locale.ROOT);
                    if (!Reporters.FORMATS.contains(format)) {
                        throw new CliException("unknown format '" + format + "' for --format (expected "
                                + String.join(", ", Reporters.FORMATS) + ")");
                    }
                }
                case "--pg-version" -> pgVersion = value(name, inline, it);
                case "--config" -> configFile = value(name, inline, it);
                case "--contexts" -> contexts = value(name, inline, it);
                case "--labels" -> labels = value(name, inline, it);
                case "--rule" -> {
                    String rule = value(name, inline, it);
                    int sep = rule.indexOf('=');
                    if (sep <= 0) {
                        throw new CliException("--rule expects ID=error|warning|off, got '" + rule + "'");
                    }
                    rules.put(rule.substring(0, sep).trim(), rule.substring(sep + 1).trim());
                }
                default -> throw new CliException("unknown option '" + arg + "' (see --help)");
            }
        }
        if (paths.isEmpty()) {
            throw new CliException("no PATH given (usage: safety lint [options] PATH...; see --help)");
        }
        return new LintOptions(format, pgVersion, configFile, rules, strict, contexts, labels, paths);
    }

    /** Whether the arguments ask for help or the version instead of a lint run. */
    static Action action(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return Action.HELP;
            }
            if (arg.equals("--version")) {
                return Action.VERSION;
            }
        }
        return Action.LINT;
    }

    private static void noValue(String name, String inline) throws CliException {
        if (inline != null) {
            throw new CliException(name + " takes no value");
        }
    }

    /** The option's value: after {@code =}, else the next argument. */
    private static String value(String name, String inline, Iterator<String> it) throws CliException {
        if (inline != null) {
            return inline;
        }
        String next = it.hasNext() ? it.next() : null;
        if (next == null || next.startsWith("--")) {
            throw new CliException(name + " needs a value");
        }
        return next;
    }
}

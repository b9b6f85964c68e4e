package io.pgsafety.cli;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.report.JsonReporter;
import io.pgsafety.core.report.Reporter;
import io.pgsafety.core.report.Reporters;
import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.rules.Severity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/** One {@code lint} run: configuration, inputs, analysis, report. */
final class Lint {

    private static final String CONFIG_PREFIX = "safety.";
    /** The root element (XML) or key (YAML, JSON) of every Liquibase changelog. */
    private static final String CHANGELOG_ROOT = "databaseChangeLog";

    private final LintOptions options;
    private final Path workingDir;

    Lint(LintOptions options, Path workingDir) {
        this.options = options;
        this.workingDir = workingDir;
    }

    /** Runs the analysis, writes the report to {@code out} and warnings to {@code err}, returns the exit status. */
    int run(OutputStream out, PrintStream err, boolean color) throws CliException {
        SafetyConfig config = config();
        List<SourceFile> files = lintable(readAll(InputFiles.discover(options.paths())));
        List<SourceFile> changelogs = new ArrayList<>();
        List<SourceFile> sqlFiles = new ArrayList<>();
        for (SourceFile f : files) {
            (InputFiles.isChangelog(f.file()) ? changelogs : sqlFiles).add(f);
        }
        // Liquibase is loaded only here, when there are changelogs to read
        ChangelogRead changelogRead = changelogs.isEmpty() ? ChangelogRead.NONE
                : LiquibaseChangelogs.read(changelogs, files, options,
                        config.pgVersion().orElse(Analyzer.DEFAULT_PG_VERSION), workingDir);
        if (!changelogRead.read().isEmpty()) {
            sqlFiles.removeIf(f -> changelogRead.read().contains(InputFiles.realPath(f.file())));
        }
        List<AnalysisRun> runs = new ArrayList<>();
        for (List<Migration> run : new MigrationReader(config.undoPrefix()).runs(sqlFiles)) {
            runs.add(AnalysisRun.ofSql(run));
        }
        runs.addAll(changelogRead.runs());
        files.addAll(changelogRead.outside());
        AnalysisResult result = analyze(config, files, runs);
        for (String warning : changelogRead.warnings()) {
            err.println("safety: warning: " + warning);
        }
        Reporter reporter = Reporters.forFormat(options.format(), color);
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            reporter.write(result, writer);
            writer.flush();
        } catch (IOException e) {
            throw new CliException("cannot write the report (" + e.getMessage() + ")");
        }
        if (config.reportFile().isPresent()) {
            writeReportFile(Path.of(config.reportFile().get()), result);
        }
        return result.hasBlocking() ? Main.FINDINGS : Main.OK;
    }

    /**
     * The files to lint: an {@code .xml}, {@code .yaml}, {@code .yml} or {@code .json} file only
     * when it is a Liquibase changelog; a directory may hold others, a file named on the command
     * line may not.
     */
    private List<SourceFile> lintable(List<SourceFile> inputs) throws CliException {
        List<SourceFile> files = new ArrayList<>();
        for (SourceFile f : inputs) {
            if (!InputFiles.isChangelog(f.file()) || f.text().contains(CHANGELOG_ROOT)) {
                files.add(f);
            } else if (Files.isRegularFile(Path.of(options.paths().get(f.root())))) {
                throw new CliException(f.path() + ": not a Liquibase changelog (it has no " + CHANGELOG_ROOT + ")");
            }
        }
        return files;
    }

    /** The {@code --config} file, then the command line on top of it. */
    SafetyConfig config() throws CliException {
        SafetyConfig.Builder b = options.configFile() == null ? SafetyConfig.builder()
                : configFile(Path.of(options.configFile())).toBuilder();
        try {
            if (options.pgVersion() != null) {
                b.set("pgVersion", options.pgVersion(), "--pg-version");
            }
        } catch (ConfigException e) {
            throw new CliException(e.getMessage());
        }
        for (Map.Entry<String, String> rule : options.rules().entrySet()) {
            String arg = "--rule " + rule.getKey() + "=" + rule.getValue();
            if (!RuleRegistry.knownIds().contains(rule.getKey())) {
                throw new CliException("unknown rule '" + rule.getKey() + "' in " + arg);
            }
            Severity severity = Severity.parse(rule.getValue());
            if (severity == null) {
                throw new CliException("invalid severity in " + arg + " (expected error, warning or off)");
            }
            b.rule(rule.getKey(), severity);
        }
        if (options.strict()) {
            b.strict(true);
        }
        return b.build();
    }

    private static SafetyConfig configFile(Path file) throws CliException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(file + ": cannot read config file (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (!key.startsWith(CONFIG_PREFIX)) {
                throw new CliException(file + ": unknown configuration key " + key
                        + " (keys are safety.<key>, e.g. safety.pgVersion)");
            }
            values.put(key, props.getProperty(key));
        }
        try {
            return SafetyConfig.fromMap(values, CONFIG_PREFIX);
        } catch (ConfigException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    /** Reads every file on all cores; the first failure in path order is reported. */
    private List<SourceFile> readAll(List<List<Path>> pathsPerRoot) throws CliException {
        List<Path> paths = new ArrayList<>();
        List<Integer> roots = new ArrayList<>();
        for (int root = 0; root < pathsPerRoot.size(); root++) {
            for (Path path : pathsPerRoot.get(root)) {
                paths.add(path);
                roots.add(root);
            }
        }
        SourceFile[] files = new SourceFile[paths.size()];
        CliException[] failures = new CliException[paths.size()];
        Workers.forEach(paths.size(), i -> {
            Path file = paths.get(i);
            String shown = InputFiles.displayPath(file, workingDir);
            try {
                files[i] = new SourceFile(shown, file, InputFiles.read(file, shown), roots.get(i));
            } catch (CliException e) {
                failures[i] = e;
            }
        });
        for (CliException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        return List.of(files);
    }

    /**
     * Analyses the runs on all cores, one {@link Analyzer#analyze} call each (facts learned in a
     * run must not leak into an unrelated one), largest first so the cores finish together; the
     * findings are merged in file order.
     */
    static AnalysisResult analyze(SafetyConfig config, List<SourceFile> files, List<AnalysisRun> runs) {
        List<AnalysisRun> bySize = new ArrayList<>(runs);
        bySize.sort(Comparator.comparingLong(Lint::size).reversed());
        AnalysisResult[] results = new AnalysisResult[bySize.size()];
        // an Analyzer keeps per-call state: one per run
        Workers.forEach(bySize.size(),
                i -> results[i] = new Analyzer(config, Catalog.NONE).analyze(bySize.get(i).migrations()));
        Map<String, Integer> order = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (SourceFile f : files) {
            order.putIfAbsent(f.path(), order.size());
            sources.put(f.path(), f.text());
        }
        int statements = 0;
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            statements += results[i].statements();
            for (Finding f : results[i].findings()) {
                findings.add(bySize.get(i).locate().apply(f));
            }
        }
        findings.sort(Comparator.<Finding>comparingInt(f -> order.getOrDefault(f.file(), Integer.MAX_VALUE))
                .thenComparingInt(Finding::line).thenComparingInt(Finding::column).thenComparing(Finding::rule));
        return new AnalysisResult(files.size(), statements, findings, sources);
    }

    private static long size(AnalysisRun run) {
        long total = 0;
        for (Migration m : run.migrations()) {
            total += m.sql().length();
        }
        return total;
    }

    private static void writeReportFile(Path file, AnalysisResult result) throws CliException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new JsonReporter().write(result, w);
        } catch (IOException e) {
            throw new CliException(file + ": cannot write the report file (" + e.getMessage() + ")");
        }
    }
}

package io.pgsafety.core.rules;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of a rule fixture file: SQL with inline expectations ({@code -- expect: <id>
 * [contains "…"]} before each statement that must be flagged). Lines outside the case are
 * blanked so findings keep the file's line numbers.
 */
final class RuleFixture {

    private static final Pattern EXPECT = Pattern.compile("--\\s*expect:\\s*([a-z0-9-]+)(.*)");
    private static final Pattern CONTAINS = Pattern.compile("contains\\s+\"([^\"]*)\"");

    record Expectation(int markerLine, String rule, List<String> contains) {}

    final String file;
    final String rule;
    final String name;
    final String sql;
    final List<Expectation> expectations = new ArrayList<>();
    int pg = 16;
    Migration.TransactionMode tx = Migration.TransactionMode.AUTOCOMMIT;
    Migration.Kind kind = Migration.Kind.PLAIN;
    Migration.UndoStatus undo = Migration.UndoStatus.NOT_APPLICABLE;
    boolean requireUndo = true;

    private RuleFixture(String file, String rule, String name, String sql) {
        this.file = file;
        this.rule = rule;
        this.name = name;
        this.sql = sql;
    }

    /** Splits a fixture file into its cases. */
    static List<RuleFixture> parse(String file, String rule, String text) {
        String[] lines = text.split("\n", -1);
        List<RuleFixture> cases = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int start = 0;
        String name = "default";
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("-- case:")) {
                if (i > start) {
                    ranges.add(new int[] {start, i});
                    names.add(name);
                }
                name = l.substring("-- case:".length()).strip();
                start = i;
            }
        }
        ranges.add(new int[] {start, lines.length});
        names.add(name);
        for (int c = 0; c < ranges.size(); c++) {
            int[] r = ranges.get(c);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                sb.append(i >= r[0] && i < r[1] ? lines[i] : "");
                if (i < lines.length - 1) {
                    sb.append('\n');
                }
            }
            RuleFixture f = new RuleFixture(file, rule, names.get(c), sb.toString());
            for (int i = r[0]; i < r[1]; i++) {
                f.readDirectiveLine(lines[i].strip(), i + 1);
            }
            if (!f.expectations.isEmpty() || c > 0 || !sb.toString().isBlank()) {
                cases.add(f);
            }
        }
        return cases;
    }

    private void readDirectiveLine(String line, int lineNo) {
        if (line.startsWith("-- options:")) {
            for (String kv : line.substring("-- options:".length()).trim().split("\\s+")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) {
                    continue;
                }
                switch (p[0]) {
                    case "pg" -> pg = Integer.parseInt(p[1]);
                    case "tx" -> tx = Migration.TransactionMode.valueOf(p[1].toUpperCase(Locale.ROOT).replace('-', '_'));
                    case "kind" -> kind = Migration.Kind.valueOf(p[1].toUpperCase(Locale.ROOT));
                    case "undo" -> undo = switch (p[1]) {
                        case "missing" -> Migration.UndoStatus.MISSING;
                        case "present" -> Migration.UndoStatus.PRESENT;
                        default -> Migration.UndoStatus.NOT_APPLICABLE;
                    };
                    case "requireUndo" -> requireUndo = Boolean.parseBoolean(p[1]);
                    case "catalog" -> {
                        // only static fixtures exist; live-catalog behaviour is tested on a real server
                    }
                    default -> throw new IllegalArgumentException(file + ":" + lineNo + ": unknown option " + p[0]);
                }
            }
            return;
        }
        Matcher m = EXPECT.matcher(line);
        if (m.lookingAt()) {
            List<String> contains = new ArrayList<>();
            Matcher c = CONTAINS.matcher(m.group(2));
            while (c.find()) {
                contains.add(c.group(1));
            }
            expectations.add(new Expectation(lineNo, m.group(1), contains));
        }
    }

    /** A single-case fixture with no inline expectations, configured by an options line. */
    static RuleFixture single(String file, String rule, String sql, String optionsLine) {
        RuleFixture f = new RuleFixture(file, rule, "single", sql);
        if (optionsLine != null) {
            f.readDirectiveLine(optionsLine.strip(), 0);
        }
        return f;
    }

    /** Analyses the case in static mode; off-by-default rules are switched on as warnings. */
    AnalysisResult analyze() {
        return analyzeRun(List.of(sql));
    }

    /** Analyses {@code parts} as consecutive migrations of one run, with this case's options. */
    AnalysisResult analyzeRun(List<String> parts) {
        SafetyConfig.Builder config = SafetyConfig.builder().pgVersion(pg).requireUndo(requireUndo);
        RuleRegistry.all().stream().filter(i -> i.id().equals(rule) && i.severity() == Severity.OFF)
                .forEach(i -> config.rule(rule, Severity.WARNING));
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            migrations.add(Migration.builder(parts.size() == 1 ? file : file + "#" + (i + 1), parts.get(i))
                    .kind(kind).transactionMode(tx).undo(undo).build());
        }
        return new Analyzer(config.build(), Catalog.NONE).analyze(migrations);
    }

    /** Runs the case; returns the problems found (empty when the case passes). */
    List<String> verify() {
        AnalysisResult result = analyze();
        List<ParsedStatement> statements = SqlParser.parse(sql).statements();
        List<String> problems = new ArrayList<>();
        List<Finding> mine = result.findings().stream().filter(f -> f.rule().equals(rule)).toList();
        List<Finding> matched = new ArrayList<>();
        for (Expectation e : expectations) {
            ParsedStatement target = statements.stream()
                    .filter(s -> s.statement().span().line() > e.markerLine()).findFirst().orElse(null);
            if (target == null) {
                problems.add("line " + e.markerLine() + ": no statement after the expect marker");
                continue;
            }
            int from = e.markerLine() + 1;
            int to = target.statement().span().endLine();
            List<Finding> hits = result.findings().stream()
                    .filter(f -> f.rule().equals(e.rule()) && f.line() >= from && f.line() <= to).toList();
            if (hits.isEmpty()) {
                problems.add("line " + from + ": expected " + e.rule() + " but got "
                        + result.findings().stream().filter(f -> f.line() >= from && f.line() <= to)
                                .map(f -> f.rule() + "@" + f.line()).toList());
                continue;
            }
            matched.addAll(hits);
            for (String text : e.contains()) {
                boolean found = hits.stream().anyMatch(f -> (f.message() + "\n" + f.safeAlternative()).contains(text));
                if (!found) {
                    problems.add("line " + from + ": " + e.rule() + " does not contain \"" + text + "\"; it says:\n"
                            + hits.get(0).message() + "\n" + hits.get(0).safeAlternative());
                }
            }
        }
        for (Finding f : mine) {
            if (!matched.contains(f)) {
                problems.add("line " + f.line() + ": unexpected " + f.rule() + ": " + f.message());
            }
        }
        return problems;
    }
}

package io.pgsafety.flyway;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.JdbcCatalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.report.JsonReporter;
import io.pgsafety.core.report.TextReporter;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.runtime.LockTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The whole-plan check before {@code migrate} applies anything: every pending migration (and
 * the undo script of each pending versioned one) is analysed in one run against the live
 * catalog. In {@code enforce} mode an error-level finding fails the migrate with all findings;
 * in {@code warn} mode they are logged.
 */
final class Preflight {

    private static final Log LOG = LogFactory.getLog(Preflight.class);
    private static final String NOT_ANALYSABLE_RULE = "unparsed-statement";
    private static final String CONCURRENTLY_IN_TRANSACTION_RULE = "concurrently-in-transaction";

    private final Configuration configuration;
    private final SafetyConfig config;

    Preflight(Configuration configuration, SafetyConfig config) {
        this.configuration = configuration;
        this.config = config;
    }

    /**
     * Analyses the plan of a {@code migrate} on {@code connection}; throws {@link FlywayException}
     * when it must not run. {@code statementsGuarded}: the runtime guard runs the SQL migrations,
     * which changes where their statements meet transactions. Returns whether some pending
     * migration is not a SQL script the guard runs (a Java migration, say): those get their
     * {@code lock_timeout} from the callback's per-migration events.
     */
    boolean run(Connection connection, boolean statementsGuarded) {
        PendingScripts.Plan plan = check(connection, "migrate", "before any migration ran: nothing was applied",
                pgVersion -> PendingScripts.read(configuration, connection, config.undoPrefix(), pgVersion,
                        statementsGuarded));
        if (plan.runsConcurrently()) {
            TransactionalLock.preventHang(configuration);
        }
        if (!statementsGuarded) {
            return true;
        }
        PlannedStatements.remember(configuration, plan.migrations());
        for (PendingScripts.Pending pending : plan.notAnalysable()) {
            if (!pending.sqlScript()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Analyses the undo scripts {@link SafetyUndo} is about to run, in that order; throws
     * {@link FlywayException} when they must not run.
     */
    void runUndo(Connection connection, List<Migration> undoScripts) {
        check(connection, "undo", "before any undo script ran: nothing was undone",
                pgVersion -> PendingScripts.Plan.ofUndo(undoScripts));
    }

    /** {@code plan} is built for the server's version (which decides what runs outside a transaction). */
    private PendingScripts.Plan check(Connection connection, String command, String nothingRan,
            PgVersionPlan plan) {
        AnalysisResult result;
        List<String> catalogWarnings;
        PendingScripts.Plan scripts;
        // The catalog reads take ACCESS SHARE locks: behind a held lock they give up, never wait.
        try (LockTimeouts timeouts = LockTimeouts.apply(connection, config.lockTimeout(), null)) {
            JdbcCatalog catalog = new JdbcCatalog(connection);
            Analyzer analyzer = new Analyzer(config, catalog);
            scripts = plan.read(analyzer.pgVersion());
            result = withNotAnalysable(analyzer.analyze(scripts.migrations()), scripts.notAnalysable());
            catalogWarnings = catalog.warnings();
        } catch (SQLException e) {
            throw new FlywayException("pg-safety pre-flight could not read the database: " + e.getMessage(), e);
        }
        if (config.reportFile().isPresent()) {
            writeJson(result, Paths.get(config.reportFile().get()));
        }
        for (String warning : catalogWarnings) {
            LOG.warn("pg-safety: catalog: " + warning);
        }
        if (result.findings().isEmpty()) {
            LOG.info("pg-safety: " + scripts.migrations().size() + " script(s) analysed, no findings");
            return scripts;
        }
        String report = text(result, catalogWarnings) + transactionAdvice(result, scripts);
        if (config.mode() == SafetyConfig.Mode.ENFORCE && result.hasBlocking()) {
            throw new FlywayException("pg-safety blocked this " + command + " " + nothingRan + "."
                    + System.lineSeparator() + report
                    + "Fix the scripts (see each safe alternative), allow a finding with"
                    + " '-- safety:allow <rule> reason=\"…\"', or set flyway.safety.mode=warn.");
        }
        LOG.warn("pg-safety findings (" + command + " continues):" + System.lineSeparator() + report);
        return scripts;
    }

    @FunctionalInterface
    private interface PgVersionPlan {
        PendingScripts.Plan read(int pgVersion) throws SQLException;
    }

    /** Java (and other non-SQL) migrations: nothing to read, so a warning says they went unchecked. */
    private AnalysisResult withNotAnalysable(AnalysisResult result, List<PendingScripts.Pending> notAnalysable) {
        Severity severity = config.ruleSeverity(NOT_ANALYSABLE_RULE)
                .orElse(config.strict() ? Severity.ERROR : Severity.WARNING);
        if (notAnalysable.isEmpty() || severity == Severity.OFF) {
            return result;
        }
        List<Finding> findings = new ArrayList<>(result.findings());
        Map<String, String> sources = new LinkedHashMap<>(result.sources());
        for (PendingScripts.Pending info : notAnalysable) {
            String name = info.script();
            findings.add(new Finding(name, 1, 1, 1, 1, NOT_ANALYSABLE_RULE, severity, false, null, null, null,
                    List.of(), "Migration " + name + " (" + info.type() + ") is not SQL that pg-safety can"
                            + " read: it was not analysed, so its locks and rewrites are unchecked.",
                    null, name));
            sources.putIfAbsent(name, "");
        }
        return new AnalysisResult(sources.size(), result.statements(), findings, sources);
    }

    /**
     * For each script whose CONCURRENTLY statement is reported inside a transaction only because its
     * {@code .conf} chose one: the line of that file to change (the finding itself cannot know it).
     */
    private static String transactionAdvice(AnalysisResult result, PendingScripts.Plan plan) {
        StringBuilder out = new StringBuilder();
        plan.transactionChosenByConf().forEach((path, advice) -> {
            if (result.findings().stream().anyMatch(f -> f.file().equals(path)
                    && f.rule().equals(CONCURRENTLY_IN_TRANSACTION_RULE))) {
                out.append("note: ").append(path).append(": ").append(advice).append(System.lineSeparator());
            }
        });
        return out.toString();
    }

    private static String text(AnalysisResult result, List<String> catalogWarnings) {
        StringBuilder out = new StringBuilder();
        try {
            new TextReporter(false).write(result, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String w : catalogWarnings) {
            out.append("warning: catalog: ").append(w).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static void writeJson(AnalysisResult result, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                new JsonReporter().write(result, out);
            }
        } catch (IOException e) {
            throw new FlywayException("pg-safety could not write the report file " + file + ": " + e.getMessage(), e);
        }
    }
}

package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * The pending migrations of a {@code migrate}, as analyzer input: each SQL script's text as Flyway
 * will run it (placeholders replaced), how Flyway will wrap it in transactions, and for versioned
 * scripts whether the undo script of the same version sits in the same locations.
 */
final class PendingScripts {

    /**
     * What Flyway will apply: the SQL migrations, the migrations whose SQL cannot be read (Java),
     * and, by path, advice for each script that holds a CONCURRENTLY statement yet runs in one
     * transaction because its {@code .conf} says {@code executeInTransaction=true}.
     */
    record Plan(List<Migration> migrations, List<Pending> notAnalysable, boolean runsConcurrently,
            Map<String, String> transactionChosenByConf) {

        /** A plan of undo scripts, which {@link SafetyUndo} reads itself. */
        static Plan ofUndo(List<Migration> undoScripts) {
            return new Plan(undoScripts, List.of(), false, Map.of());
        }
    }

    /**
     * One migration {@code migrate} will apply, as the plan reads it: its script (relative to its
     * location), version ({@code null} for a repeatable one), Flyway's type name, whether Flyway
     * reads it from a SQL script, its own placeholder replacement setting ({@code null}: the
     * configuration's) and where it lies on disk ({@code null} or empty when not a file).
     */
    record Pending(String script, MigrationVersion version, String type, boolean sqlScript,
            Boolean placeholderReplacement, String physicalLocation) {

        static Pending of(MigrationInfo info) {
            return new Pending(info.getScript(), info.getVersion(), info.getType() == null ? "?" : info.getType().name(),
                    isSqlScript(info), info.isPlaceholderReplacement(), info.getPhysicalLocation());
        }
    }

    private final Configuration configuration;
    private final ResourceProvider resources;
    private final String undoPrefix;
    private final int pgVersion;
    private final boolean guarded;
    /** Where paths are shown relative to. */
    private final Path workingDirectory = Paths.get("").toAbsolutePath();

    private PendingScripts(Configuration configuration, String undoPrefix, int pgVersion, boolean guarded) {
        this.configuration = configuration;
        this.resources = resources(configuration);
        this.undoPrefix = undoPrefix;
        this.pgVersion = pgVersion;
        this.guarded = guarded;
    }

    /** The resources of {@code configuration}: its own resource provider, else its locations scanned as Flyway does. */
    static ResourceProvider resources(Configuration configuration) {
        return configuration.getResourceProvider() != null ? configuration.getResourceProvider()
                : new Scanner<>(JavaMigration.class, configuration, configuration.getLocations());
    }

    /**
     * Reads the plan of a {@code migrate} with {@code configuration}, on {@code connection};
     * {@code guarded} when pg-safety's runtime guard runs the SQL migrations
     * ({@link SafetyPostgreSQLDatabaseType}), which changes how their statements meet transactions.
     */
    static Plan read(Configuration configuration, Connection connection, String undoPrefix, int pgVersion,
            boolean guarded) throws SQLException {
        PendingScripts scripts = new PendingScripts(configuration, undoPrefix, pgVersion, guarded);
        Placeholders placeholders = Placeholders.of(configuration, connection);
        List<Pending> pending = PendingFromHistory.read(configuration, scripts.resources, connection, placeholders,
                undoPrefix).orElseGet(() -> probed(configuration));
        return scripts.plan(pending, placeholders);
    }

    /** The undo scripts of {@code configuration}'s locations, read for {@link SafetyUndo}. */
    static PendingScripts forUndo(Configuration configuration, String undoPrefix, int pgVersion) {
        return new PendingScripts(configuration, undoPrefix, pgVersion, false);
    }

    /** The pending list as {@code info} sees it: the fallback when {@link PendingFromHistory} cannot tell. */
    static List<Pending> probed(Configuration configuration) {
        return Arrays.stream(probe(configuration).info().pending()).map(Pending::of).toList();
    }

    /**
     * A second Flyway from the same configuration, with no callbacks, so that nothing of the
     * user's (or this plugin) runs while it looks at the history.
     */
    static Flyway probe(Configuration configuration) {
        return Flyway.configure(configuration.getClassLoader())
                .configuration(configuration)
                .callbacks(new Callback[0])
                .skipDefaultCallbacks(true)
                .load();
    }

    private Plan plan(List<Pending> pending, Placeholders placeholders) {
        Map<MigrationVersion, LoadableResource> undos = undoScripts();
        // built once every forward migration's transactions are known (sharedTransaction)
        List<Supplier<Migration>> migrations = new ArrayList<>();
        List<Migration.Builder> forward = new ArrayList<>();
        boolean everyForwardWrapped = true;
        List<Pending> notAnalysable = new ArrayList<>();
        Map<String, String> transactionChosenByConf = new LinkedHashMap<>();
        boolean concurrently = false;
        for (Pending info : pending) {
            LoadableResource resource = info.sqlScript() ? resources.getResource(info.script()) : null;
            String raw = resource != null ? text(resource) : readPhysical(info);
            if (raw == null) {
                notAnalysable.add(info);
                continue;
            }
            String sql = placeholders.asRun(raw, Paths.get(info.script()).getFileName().toString(),
                    info.placeholderReplacement());
            Boolean confExecuteInTransaction = executeInTransaction(scriptConf(resources, info.script()));
            String path = displayPath(resource, info);
            boolean versioned = info.version() != null;
            Migration.Builder up = Migration.builder(path, sql)
                    .kind(versioned ? Migration.Kind.UP : Migration.Kind.REPEATABLE)
                    .name(info.script());
            List<ParsedStatement> statements = up.parsed().statements();
            boolean hasConcurrently = false;
            for (ParsedStatement statement : statements) {
                hasConcurrently |= NonTransactional.isConcurrently(statement.statement());
            }
            concurrently |= hasConcurrently;
            if (hasConcurrently && Boolean.TRUE.equals(confExecuteInTransaction)) {
                transactionChosenByConf.put(path, confAdvice(info.script()));
            }
            Migration.TransactionMode mode = transactionMode(confExecuteInTransaction, guarded, statements);
            up.transactionMode(mode);
            everyForwardWrapped &= mode == Migration.TransactionMode.WRAPPED;
            forward.add(up);
            migrations.add(up::build);
            if (versioned) {
                LoadableResource undo = undos.get(info.version());
                up.version(info.version().getVersion())
                        .undo(undo != null ? Migration.UndoStatus.PRESENT : Migration.UndoStatus.MISSING);
                if (undo != null) {
                    Migration down = undoMigration(info.version(), undo, placeholders);
                    migrations.add(() -> down);
                }
            }
        }
        // group=true runs them in one transaction when each can run in one (otherwise Flyway refuses
        // the group, or with mixed=true runs it without a transaction)
        boolean shared = configuration.isGroup() && forward.size() > 1 && everyForwardWrapped;
        forward.forEach(up -> up.sharedTransaction(shared));
        return new Plan(migrations.stream().map(Supplier::get).toList(), notAnalysable, concurrently,
                transactionChosenByConf);
    }

    /** What to change in the {@code .conf} of {@code script} so that its CONCURRENTLY statements run outside a transaction. */
    private String confAdvice(String script) {
        String conf = Paths.get(script).getFileName() + ".conf";
        String fix = guarded
                ? "remove that line (pg-safety then runs the CONCURRENTLY statements outside a transaction and the"
                        + " others in transactions) or set it to false (every statement commits on its own)"
                : "set it to false (every statement commits on its own)";
        return conf + " sets executeInTransaction=true, so Flyway runs all of " + Paths.get(script).getFileName()
                + " in one transaction: " + fix + ".";
    }

    /**
     * The undo script of {@code version} as analyzer input and as {@link SafetyUndo} runs it:
     * placeholders replaced, and transactions chosen as the runtime guard chooses them for a
     * versioned script of the same text and {@code .conf} file (whether or not migrations run
     * guarded: {@link UndoScriptRunner} always does).
     */
    Migration undoMigration(MigrationVersion version, LoadableResource undo, Placeholders placeholders) {
        Properties conf = scriptConf(resources, undo.getRelativePath());
        String sql = placeholders.asRun(text(undo), undo.getFilename(), placeholderReplacement(conf));
        Migration.Builder down = Migration.builder(displayPath(undo, null), sql)
                .kind(Migration.Kind.DOWN)
                .version(version.getVersion())
                .name(undo.getRelativePath());
        return down.transactionMode(transactionMode(executeInTransaction(conf), true, down.parsed().statements()))
                .build();
    }

    /** A migration Flyway reads from a SQL script (not Java, not a JDBC callback). */
    static boolean isSqlScript(MigrationInfo info) {
        return info.getType() != null && info.getType().name().contains("SQL") && !info.getType().name().contains("JDBC");
    }

    /** A {@code filesystem:} script Flyway resolved without our resource provider seeing it. */
    private String readPhysical(Pending info) {
        if (!info.sqlScript() || info.physicalLocation() == null || info.physicalLocation().isEmpty()) {
            return null;
        }
        Path path = Paths.get(info.physicalLocation());
        try {
            return Files.isRegularFile(path) ? Files.readString(path) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /**
     * How Flyway's PostgreSQL support runs a script. {@code executeInTransaction} in the script's
     * {@code .conf} ({@code scriptChoice}) decides alone, whatever the configuration and the
     * statements say: {@code true} runs the whole script in one transaction, where a CONCURRENTLY
     * statement fails (Flyway does not refuse such a script, with or without {@code mixed}; the
     * analyzer reports the statement), {@code false} runs it statement by statement. Otherwise
     * one transaction, unless {@code executeInTransaction=false} in the configuration, or the
     * script holds statements that cannot run in a transaction — then without one if it holds
     * nothing else. A script that mixes the two runs, when {@code splitByGuard} (the runtime
     * guard runs it), with its transactional statements in transactions and the others outside
     * them; without the guard it runs without a transaction with {@code mixed=true}, and is
     * modelled as one transaction with {@code mixed=false} (Flyway refuses it), which is where its
     * CONCURRENTLY statement is then reported. Flyway's own parser misses
     * {@code REINDEX … CONCURRENTLY} and {@code DETACH PARTITION … CONCURRENTLY} (it runs them in
     * the transaction, where they fail); the guard's parser does not.
     */
    private Migration.TransactionMode transactionMode(Boolean scriptChoice, boolean splitByGuard,
            List<ParsedStatement> statements) {
        if (scriptChoice != null) {
            return scriptChoice ? Migration.TransactionMode.WRAPPED : Migration.TransactionMode.AUTOCOMMIT;
        }
        if (!configuration.isExecuteInTransaction()) {
            return Migration.TransactionMode.AUTOCOMMIT;
        }
        int outside = 0;
        for (ParsedStatement parsed : statements) {
            Statement s = parsed.statement();
            if (flywayRunsOutsideTransaction(s) || (splitByGuard && NonTransactional.isConcurrently(s))) {
                outside++;
            }
        }
        if (outside == 0) {
            return Migration.TransactionMode.WRAPPED;
        }
        if (outside == statements.size()) {
            return Migration.TransactionMode.AUTOCOMMIT;
        }
        if (splitByGuard) {
            return Migration.TransactionMode.WRAPPED_EXCEPT_CONCURRENT;
        }
        return configuration.isMixed() ? Migration.TransactionMode.AUTOCOMMIT : Migration.TransactionMode.WRAPPED;
    }

    private boolean flywayRunsOutsideTransaction(Statement statement) {
        if (statement instanceof Statement.Reindex r && r.concurrently()) {
            return r.target() != Statement.ReindexTarget.INDEX && r.target() != Statement.ReindexTarget.TABLE;
        }
        if (statement instanceof Statement.AlterTable at) {
            for (AlterAction action : at.actions()) {
                if (action instanceof AlterAction.DetachPartition) {
                    return false;
                }
            }
        }
        return NonTransactional.mustRunOutsideTransaction(statement, pgVersion);
    }

    /**
     * The script's own {@code executeInTransaction} ({@code .conf}); {@code null} when it sets none
     * or sets something Flyway refuses (it then fails the script itself).
     */
    private static Boolean executeInTransaction(Properties scriptConf) {
        String value = scriptConf.getProperty("executeInTransaction", "").trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value);
        }
        return null;
    }

    /** The script's own settings ({@code V2__x.sql.conf}: executeInTransaction, …); empty when it has none. */
    static Properties scriptConf(ResourceProvider resources, String script) {
        Properties properties = new Properties();
        LoadableResource conf = resources.getResource(script + ".conf");
        if (conf != null) {
            try (Reader reader = new StringReader(text(conf))) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** The script's own {@code placeholderReplacement} ({@code .conf}); {@code null} when it sets none. */
    static Boolean placeholderReplacement(Properties scriptConf) {
        String value = scriptConf.getProperty("placeholderReplacement");
        return value == null ? null : Boolean.parseBoolean(value.trim());
    }

    /** Undo scripts in the migration locations, by version ({@code U2__drop_x.sql} → 2). */
    Map<MigrationVersion, LoadableResource> undoScripts() {
        Map<MigrationVersion, LoadableResource> byVersion = new HashMap<>();
        String separator = configuration.getSqlMigrationSeparator();
        for (LoadableResource r : resources.getResources(undoPrefix, configuration.getSqlMigrationSuffixes())) {
            String name = r.getFilename();
            int end = name.indexOf(separator, undoPrefix.length());
            if (end <= undoPrefix.length()) {
                continue;
            }
            try {
                byVersion.putIfAbsent(MigrationVersion.fromVersion(name.substring(undoPrefix.length(), end)), r);
            } catch (RuntimeException notAVersion) {
                // Named like an undo script but not versioned: Flyway would not pair it either.
            }
        }
        return byVersion;
    }

    /**
     * Where the user finds the file: a classpath resource by its classpath path
     * ({@code db/migration/V3__x.sql}), a file relative to the working directory when under it.
     */
    private String displayPath(LoadableResource resource, Pending info) {
        String where = resource != null ? resource.getAbsolutePath() : info.physicalLocation();
        if (where == null || where.isEmpty()) {
            return info.script();
        }
        Path path = Paths.get(where);
        if (!path.isAbsolute()) {
            return where;
        }
        path = path.normalize();
        return (path.startsWith(workingDirectory) ? workingDirectory.relativize(path) : path).toString().replace('\\', '/');
    }

    static String text(LoadableResource resource) {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader reader = resource.read()) {
            for (int n; (n = reader.read(buffer)) > 0; ) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource.getAbsolutePath(), e);
        }
        return out.toString();
    }
}

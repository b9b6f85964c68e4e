package io.pgsafety.core.runtime;

import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.analysis.StatementLocks;
import io.pgsafety.core.analysis.TableLock;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the runtime guard needs to know about a piece of migration SQL before it runs it, read
 * from the SQL with the parser:
 * <ul>
 * <li>{@code lockedTables}: the tables it locks, to name who holds them when a lock wait times out;
 * <li>{@code blocksReadsOrWrites}: whether, while it runs, it keeps other sessions from reading or
 *     writing. Only such statements get {@code statementTimeout}: a concurrent build or
 *     {@code VALIDATE CONSTRAINT} blocks nobody's reads or writes, and taking long is its point;
 * <li>{@code concurrentIndexBuilds}: indexes it builds with {@code CREATE INDEX CONCURRENTLY}. A
 *     failed build leaves an INVALID index behind, which {@link #run} drops before each attempt, so
 *     that a retry (or a re-run after a failed migration) builds it afresh.
 * <li>{@code generatedNameBuilds}: the relations on whose tables it builds indexes concurrently
 *     under names PostgreSQL picks: the table of an unnamed {@code CREATE INDEX CONCURRENTLY} or
 *     of a {@code REINDEX TABLE CONCURRENTLY}, the index of a {@code REINDEX INDEX CONCURRENTLY}.
 *     Their leftovers cannot be found by name, so {@link #run} drops the INVALID indexes that a
 *     failed attempt added to those tables, and after a successful build the INVALID twins that
 *     failed builds of the same index in earlier runs left there.
 * </ul>
 */
public record GuardedSql(List<QualifiedName> lockedTables, boolean blocksReadsOrWrites,
        List<QualifiedName> concurrentIndexBuilds, List<QualifiedName> generatedNameBuilds) {

    public GuardedSql {
        lockedTables = List.copyOf(lockedTables);
        concurrentIndexBuilds = List.copyOf(concurrentIndexBuilds);
        generatedNameBuilds = List.copyOf(generatedNameBuilds);
    }

    /** Classifies {@code sql}, which may hold several statements; what it cannot read locks nothing known. */
    public static GuardedSql of(String sql) {
        return of(SqlParser.parse(sql).statements());
    }

    /** Classifies statements the caller has parsed already. */
    public static GuardedSql of(List<ParsedStatement> statements) {
        List<QualifiedName> tables = new ArrayList<>();
        List<QualifiedName> builds = new ArrayList<>();
        List<QualifiedName> generatedNames = new ArrayList<>();
        boolean blocks = false;
        for (ParsedStatement parsed : statements) {
            Statement statement = parsed.statement();
            boolean concurrent = NonTransactional.isConcurrently(statement)
                    || statement instanceof Statement.RefreshMaterializedView r && r.concurrently();
            for (TableLock lock : StatementLocks.of(statement, index -> null)) {
                QualifiedName table = withoutSpan(lock.table());
                if (!tables.contains(table)) {
                    tables.add(table);
                }
                blocks |= !concurrent && blocksReadsOrWrites(lock.mode());
            }
            if (statement instanceof Statement.CreateIndex ci && ci.concurrently()) {
                if (ci.name() != null) {
                    builds.add(new QualifiedName(ci.table().schema(), ci.name(), null));
                } else {
                    generatedNames.add(withoutSpan(ci.table()));
                }
            }
            if (statement instanceof Statement.Reindex ri && ri.concurrently() && ri.name() != null
                    && (ri.target() == Statement.ReindexTarget.INDEX || ri.target() == Statement.ReindexTarget.TABLE)) {
                generatedNames.add(withoutSpan(ri.name()));
            }
        }
        return new GuardedSql(tables, blocks, builds, generatedNames);
    }

    /** The configured timeouts and retries, with {@code statementTimeout} only when this SQL blocks others. */
    public LockRetry.Policy policy(SafetyConfig config) {
        return new LockRetry.Policy(config.lockTimeout(),
                blocksReadsOrWrites ? config.statementTimeout().orElse(null) : null,
                config.lockRetries(), config.retryBackoff());
    }

    /**
     * Runs {@code action} through {@code retry} in {@code session}. Before an attempt an INVALID
     * index of a named concurrent build in this SQL is dropped; after a failed attempt, and before
     * the next, the INVALID indexes failed attempts left under names PostgreSQL picked; after a
     * successful one, the INVALID twins of valid indexes on those tables (an earlier run's). Each is
     * reported to {@code onInvalidIndexDropped}. Dropping needs the connection in auto-commit mode,
     * as a concurrent build does anyway; a failure to drop after the last attempt is added to
     * that attempt's own failure.
     */
    public <T> T run(GuardSession session, LockRetry retry, Consumer<QualifiedName> onInvalidIndexDropped,
            LockRetry.JdbcAction<T> action) throws SQLException {
        Leftovers leftovers = generatedNameBuilds.isEmpty() ? null
                : new Leftovers(generatedNameBuilds, onInvalidIndexDropped);
        return retry.run(session, lockedTables, concurrentIndexBuilds, (c, mayMeetInvalidIndex) -> {
            if (mayMeetInvalidIndex) {
                InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
                for (QualifiedName index : concurrentIndexBuilds) {
                    if (cleaner.dropIfInvalid(index)) {
                        onInvalidIndexDropped.accept(index);
                    }
                }
            }
            if (leftovers == null || !c.getAutoCommit()) {
                return action.run(c);
            }
            leftovers.beforeAttempt(c);
            T result;
            try {
                result = action.run(c);
            } catch (SQLException | RuntimeException failure) {
                leftovers.afterFailure(c, failure);
                throw failure;
            }
            leftovers.afterSuccess(c);
            return result;
        });
    }

    /**
     * The INVALID indexes failed attempts leave under names PostgreSQL picks: those on the tables
     * of {@code relations} that were not there before the first attempt. A drop that fails after
     * an attempt (the lock the build timed out on also holds up {@code DROP INDEX CONCURRENTLY})
     * is tried again before the next.
     */
    private static final class Leftovers {
        private final List<QualifiedName> relations;
        private final Consumer<QualifiedName> onDropped;
        private Set<Long> before;
        private boolean attemptFailed;

        Leftovers(List<QualifiedName> relations, Consumer<QualifiedName> onDropped) {
            this.relations = relations;
            this.onDropped = onDropped;
        }

        void beforeAttempt(Connection c) throws SQLException {
            InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
            if (before == null) {
                before = cleaner.invalidIndexesOn(relations);
            } else if (attemptFailed) {
                cleaner.dropNewInvalidIndexesOn(relations, before, onDropped);
            }
        }

        /**
         * Older INVALID twins of the indexes the build made: leftovers of a build of the same
         * index that failed in an earlier run. The build has succeeded, so a drop that fails
         * (waiting for a lock, say) leaves them as they were and fails nothing.
         */
        void afterSuccess(Connection c) {
            try {
                new InvalidIndexCleaner(c).dropInvalidTwinsOn(relations, onDropped);
            } catch (SQLException dropFailed) {
                // they stay, as before the build; the next build on the table tries again
            }
        }

        void afterFailure(Connection c, Exception failure) {
            attemptFailed = true;
            try {
                new InvalidIndexCleaner(c).dropNewInvalidIndexesOn(relations, before, onDropped);
            } catch (SQLException dropFailed) {
                failure.addSuppressed(dropFailed);
            }
        }
    }

    private static boolean blocksReadsOrWrites(LockMode mode) {
        return mode.blocks().contains(LockMode.Blocks.READS) || mode.blocks().contains(LockMode.Blocks.WRITES);
    }

    private static QualifiedName withoutSpan(QualifiedName name) {
        return new QualifiedName(name.schema(), name.name(), null);
    }
}

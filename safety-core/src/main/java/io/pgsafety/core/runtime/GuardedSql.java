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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * </ul>
 */
public record GuardedSql(List<QualifiedName> lockedTables, boolean blocksReadsOrWrites,
        List<QualifiedName> concurrentIndexBuilds) {

    public GuardedSql {
        lockedTables = List.copyOf(lockedTables);
        concurrentIndexBuilds = List.copyOf(concurrentIndexBuilds);
    }

    /** Classifies {@code sql}, which may hold several statements; what it cannot read locks nothing known. */
    public static GuardedSql of(String sql) {
        return of(SqlParser.parse(sql).statements());
    }

    /** Classifies statements the caller has parsed already. */
    public static GuardedSql of(List<ParsedStatement> statements) {
        List<QualifiedName> tables = new ArrayList<>();
        List<QualifiedName> builds = new ArrayList<>();
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
            if (statement instanceof Statement.CreateIndex ci && ci.concurrently() && ci.name() != null) {
                builds.add(new QualifiedName(ci.table().schema(), ci.name(), null));
            }
        }
        return new GuardedSql(tables, blocks, builds);
    }

    /** The configured timeouts and retries, with {@code statementTimeout} only when this SQL blocks others. */
    public LockRetry.Policy policy(SafetyConfig config) {
        return new LockRetry.Policy(config.lockTimeout(),
                blocksReadsOrWrites ? config.statementTimeout().orElse(null) : null,
                config.lockRetries(), config.retryBackoff());
    }

    /**
     * Runs {@code action} through {@code retry} in {@code session}. Before an attempt an INVALID
     * index of a concurrent build in this SQL is dropped (reported to {@code onInvalidIndexDropped});
     * that needs the connection in auto-commit mode, as a concurrent build does anyway.
     */
    public <T> T run(GuardSession session, LockRetry retry, Consumer<QualifiedName> onInvalidIndexDropped,
            LockRetry.JdbcAction<T> action) throws SQLException {
        return retry.run(session, lockedTables, concurrentIndexBuilds, (c, mayMeetInvalidIndex) -> {
            if (mayMeetInvalidIndex) {
                InvalidIndexCleaner cleaner = new InvalidIndexCleaner(c);
                for (QualifiedName index : concurrentIndexBuilds) {
                    if (cleaner.dropIfInvalid(index)) {
                        onInvalidIndexDropped.accept(index);
                    }
                }
            }
            return action.run(c);
        });
    }

    private static boolean blocksReadsOrWrites(LockMode mode) {
        return mode.blocks().contains(LockMode.Blocks.READS) || mode.blocks().contains(LockMode.Blocks.WRITES);
    }

    private static QualifiedName withoutSpan(QualifiedName name) {
        return new QualifiedName(name.schema(), name.name(), null);
    }
}

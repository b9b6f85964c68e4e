package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.StatementLocks;
import io.pgsafety.core.analysis.TableLock;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations the statements of a pre-flight lock (and the indexes they name), which the
 * analysis will look up in the live catalog: read together in one query, they save a round trip
 * per changeset, most of the pre-flight's cost on a long changelog.
 */
final class LockedRelations {

    private LockedRelations() {}

    @SafeVarargs
    static Set<QualifiedName> of(List<Migration>... runs) {
        Set<QualifiedName> names = new LinkedHashSet<>();
        for (List<Migration> run : runs) {
            for (Migration migration : run) {
                collect(SqlParser.parse(migration.sql()).statements(), names);
            }
        }
        return names;
    }

    private static void collect(List<ParsedStatement> statements, Set<QualifiedName> names) {
        for (ParsedStatement parsed : statements) {
            Statement statement = parsed.statement();
            for (TableLock lock : StatementLocks.of(statement, index -> {
                names.add(index);
                return null;
            })) {
                names.add(lock.table());
            }
            if (statement instanceof Statement.Do) {
                collect(((Statement.Do) statement).body(), names);
            }
        }
    }
}

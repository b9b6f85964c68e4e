package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.ParseResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations the statements of a run lock (and the indexes they name, including those in
 * {@code DO} bodies): what the rules will ask the live catalog about. Read together in one query,
 * they save a round trip per table, most of a long pre-flight's cost.
 */
final class LockedRelations {

    private LockedRelations() {}

    static Set<QualifiedName> of(List<ParseResult> parsed) {
        Set<QualifiedName> names = new LinkedHashSet<>();
        for (ParseResult migration : parsed) {
            collect(migration.statements(), names);
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

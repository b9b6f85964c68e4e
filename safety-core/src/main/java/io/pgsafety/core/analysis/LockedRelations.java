package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.ParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations the statements of a run lock (and the indexes they name, including those in
 * {@code DO} bodies): what the rules will ask the live catalog about. Read together in one query,
 * they save a round trip per table, most of a long pre-flight's cost. A relation the run creates
 * before it first names it is left out: the analysis knows it from the run itself.
 */
final class LockedRelations {

    private LockedRelations() {}

    static List<QualifiedName> of(List<ParseResult> parsed) {
        Collector collector = new Collector();
        for (ParseResult migration : parsed) {
            collector.collect(migration.statements());
        }
        return collector.names;
    }

    private static final class Collector {
        /** Each once: {@code named} keeps them apart by their text, cheaper to hash than the names themselves. */
        final List<QualifiedName> names = new ArrayList<>();
        /** {@link QualifiedName#sql()} of each name collected, and of each relation created before it was named. */
        final Set<String> named = new HashSet<>();
        final Set<String> created = new HashSet<>();

        void collect(List<ParsedStatement> statements) {
            for (ParsedStatement parsed : statements) {
                Statement statement = parsed.statement();
                QualifiedName newRelation = createdRelation(statement);
                if (newRelation != null && !named.contains(newRelation.sql())) {
                    created.add(newRelation.sql());
                }
                for (TableLock lock : StatementLocks.of(statement, index -> {
                    add(index);
                    return null;
                })) {
                    add(lock.table());
                }
                if (statement instanceof Statement.Do) {
                    collect(((Statement.Do) statement).body());
                }
            }
        }

        private void add(QualifiedName name) {
            if (name != null && !created.contains(name.sql()) && named.add(name.sql())) {
                names.add(name);
            }
        }
    }

    /** The table or index {@code statement} certainly creates ({@code IF NOT EXISTS} may find one there). */
    private static QualifiedName createdRelation(Statement statement) {
        if (statement instanceof Statement.CreateTable ct && !ct.ifNotExists()) {
            return ct.name();
        }
        if (statement instanceof Statement.CreateIndex ci && !ci.ifNotExists() && ci.name() != null) {
            return new QualifiedName(ci.table().schema(), ci.name(), null);
        }
        return null;
    }
}

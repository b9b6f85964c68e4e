package io.pgsafety.core.rules.process;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Drafts the down migration of an up migration: the inverse of each statement that has an
 * obvious one, in reverse order, and a comment for each that has none.
 */
final class UndoSketch {

    private final Deque<String> steps = new ArrayDeque<>();

    void add(Statement statement) {
        String inverse = inverse(statement);
        if (inverse != null) {
            steps.addFirst(inverse);
        }
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    String sql() {
        return String.join("\n", steps);
    }

    private static String inverse(Statement s) {
        if (s instanceof Statement.CreateTable ct) {
            return "DROP TABLE " + ct.name().sql() + ";";
        }
        if (s instanceof Statement.CreateIndex ci) {
            return ci.name() == null ? "-- drop the unnamed index on " + ci.table().sql()
                    : "DROP INDEX CONCURRENTLY IF EXISTS " + sibling(ci.table(), ci.name()) + ";";
        }
        if (s instanceof Statement.CreateObject co && co.name() != null && co.kind() != ObjectKind.OTHER) {
            return "DROP " + co.kind().name().replace('_', ' ') + " " + co.name().sql() + ";";
        }
        if (s instanceof Statement.AlterTable at && at.kind() == ObjectKind.TABLE) {
            return alterInverse(at);
        }
        if (s instanceof Statement.AlterType t && t.action() == Statement.AlterTypeAction.ADD_VALUE) {
            return "-- enum label '" + t.value() + "' of " + t.name().sql()
                    + " cannot be removed: recreate the type, or mark this migration irreversible";
        }
        if (s instanceof Statement.DropObject d) {
            return "-- recreate " + d.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                    + String.join(", ", d.names().stream().map(QualifiedName::sql).toList())
                    + " (its definition and data are not in this migration)";
        }
        return null;
    }

    private static String alterInverse(Statement.AlterTable at) {
        List<String> parts = new ArrayList<>();
        String table = at.name().sql();
        for (AlterAction a : at.actions()) {
            String part = actionInverse(at, table, a);
            if (part != null) {
                parts.add(0, part);
            }
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    private static String actionInverse(Statement.AlterTable at, String table, AlterAction a) {
        String alter = "ALTER TABLE " + table;
        if (a instanceof AlterAction.AddColumn ac) {
            return alter + " DROP COLUMN IF EXISTS " + Identifiers.quote(ac.column().name()) + ";";
        }
        if (a instanceof AlterAction.AddConstraint ac) {
            return ac.constraint().name() == null ? "-- drop the unnamed constraint added to " + table
                    : alter + " DROP CONSTRAINT IF EXISTS " + Identifiers.quote(ac.constraint().name()) + ";";
        }
        if (a instanceof AlterAction.RenameColumn r) {
            return alter + " RENAME COLUMN " + Identifiers.quote(r.to()) + " TO " + Identifiers.quote(r.from()) + ";";
        }
        if (a instanceof AlterAction.Rename r) {
            return "ALTER TABLE " + sibling(at.name(), r.newName()) + " RENAME TO " + Identifiers.quote(at.name().name())
                    + ";";
        }
        if (a instanceof AlterAction.SetNotNull n) {
            return alter + " ALTER COLUMN " + Identifiers.quote(n.column()) + " DROP NOT NULL;";
        }
        if (a instanceof AlterAction.SetDefault d) {
            return alter + " ALTER COLUMN " + Identifiers.quote(d.column()) + " DROP DEFAULT; -- or restore the previous default";
        }
        if (a instanceof AlterAction.DropColumn d) {
            return "-- re-add column " + Identifiers.quote(d.column()) + " to " + table
                    + " (its type and data are not in this migration)";
        }
        if (a instanceof AlterAction.AlterColumnType t) {
            return "-- change " + table + "." + Identifiers.quote(t.column()) + " back to its previous type";
        }
        return null;
    }

    private static String sibling(QualifiedName relative, String name) {
        return new QualifiedName(relative.schema(), name, relative.span()).sql();
    }
}

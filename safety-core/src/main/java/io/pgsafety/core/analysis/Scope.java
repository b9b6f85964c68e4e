package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the statements analysed so far have created and changed: relations (with the table of
 * each index), column types, and NOT NULL checks. Created relations are scoped to one migration
 * in static mode (every other table is assumed to exist) and to the whole run with a live
 * catalog; learned facts (types, validated checks) always hold for the rest of the run.
 */
final class Scope {

    private record Created(QualifiedName name, ObjectKind kind, QualifiedName table) {}

    private final Map<String, List<Created>> relations = new HashMap<>();
    private final Map<String, String> columnTypes = new HashMap<>();
    /** constraint name → "table|column" for CHECK (col IS NOT NULL) added NOT VALID. */
    private final Map<String, String> pendingNotNullChecks = new HashMap<>();
    private final Set<String> validatedNotNull = new HashSet<>();

    /** How to undo each change made since {@link #mark()}, oldest first; null when nothing is being recorded. */
    private Deque<Runnable> undo;

    /**
     * Starts recording changes for {@link #rollBack()}: what a down migration applies must leave
     * the scope as it was for the up migration that follows (an undo script is not run between
     * two versions). Recording costs what the down migration changes, not what the scope holds.
     */
    void mark() {
        undo = new ArrayDeque<>();
    }

    /** Undoes every change since {@link #mark()} and stops recording. */
    void rollBack() {
        for (Iterator<Runnable> it = undo.descendingIterator(); it.hasNext(); ) {
            it.next().run();
        }
        undo = null;
    }

    /** Static mode: a new migration starts; tables created by earlier ones count as existing. */
    void forgetCreatedRelations() {
        if (undo != null && !relations.isEmpty()) {
            Map<String, List<Created>> before = new HashMap<>(relations);
            undo.add(() -> {
                relations.clear();
                relations.putAll(before);
            });
        }
        relations.clear();
    }

    boolean isCreated(QualifiedName name) {
        return created(name) != null;
    }

    Optional<QualifiedName> tableOfIndex(QualifiedName index) {
        Created created = created(index);
        return created == null ? Optional.empty() : Optional.ofNullable(created.table());
    }

    Optional<String> columnType(QualifiedName table, String column) {
        return Optional.ofNullable(columnTypes.get(columnKey(table, column)));
    }

    boolean hasValidatedNotNullCheck(QualifiedName table, String column) {
        return validatedNotNull.contains(columnKey(table, column));
    }

    /** Applies what {@code parsed} creates, drops, renames or validates. */
    void apply(ParsedStatement parsed) {
        Statement statement = parsed.statement();
        if (statement instanceof Statement.CreateTable ct) {
            add(ct.name(), ObjectKind.TABLE, null);
            for (ColumnDef c : ct.columns()) {
                column(ct.name(), c);
            }
            for (Constraint c : ct.constraints()) {
                constraint(ct.name(), c);
            }
        } else if (statement instanceof Statement.CreateIndex ci && ci.table() != null) {
            String name = ci.name() != null ? ci.name() : SqlNames.defaultIndexName(ci, parsed.tokens());
            add(new QualifiedName(ci.table().schema(), name, ci.span()), ObjectKind.INDEX, ci.table());
        } else if (statement instanceof Statement.CreateObject co && co.name() != null) {
            add(co.name(), co.kind(), null);
        } else if (statement instanceof Statement.DropObject d) {
            removeAll(d.names());
        } else if (statement instanceof Statement.DropIndex d) {
            removeAll(d.names());
        } else if (statement instanceof Statement.AlterTable at) {
            alter(at);
        }
    }

    private void alter(Statement.AlterTable at) {
        QualifiedName table = at.name();
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.AddColumn ac) {
                column(table, ac.column());
            } else if (action instanceof AlterAction.AlterColumnType t && t.type() != null) {
                put(columnTypes, columnKey(table, t.column()), FormatType.of(t.type()));
            } else if (action instanceof AlterAction.AddConstraint ac) {
                constraint(table, ac.constraint());
            } else if (action instanceof AlterAction.ValidateConstraint v) {
                recordEntry(pendingNotNullChecks, v.name());
                String col = pendingNotNullChecks.remove(v.name());
                if (col != null) {
                    validated(col);
                }
            } else if (action instanceof AlterAction.Rename r) {
                rename(table, r.newName());
            }
        }
    }

    private void column(QualifiedName table, ColumnDef c) {
        if (c.type() != null) {
            put(columnTypes, columnKey(table, c.name()), FormatType.of(c.type()));
        }
        for (Constraint k : c.constraints()) {
            constraint(table, k);
        }
    }

    private void constraint(QualifiedName table, Constraint c) {
        if (c.kind() != Constraint.Kind.CHECK || c.expression() == null) {
            return;
        }
        String column = notNullColumn(c.expression());
        if (column == null) {
            return;
        }
        String key = columnKey(table, column);
        if (c.notValid()) {
            if (c.name() != null) {
                put(pendingNotNullChecks, c.name(), key);
            }
        } else {
            validated(key);
        }
    }

    /** The column of a {@code col IS NOT NULL} expression (any outer parentheses), else null. */
    static String notNullColumn(Expr expr) {
        List<Token> t = new ArrayList<>(expr.tokens());
        while (t.size() >= 2 && t.get(0).type() == TokenType.LPAREN && t.get(t.size() - 1).type() == TokenType.RPAREN) {
            t = t.subList(1, t.size() - 1);
        }
        if (t.size() != 4 || !t.get(1).is("is") || !t.get(2).is("not") || !t.get(3).is("null")) {
            return null;
        }
        Token col = t.get(0);
        if (col.type() == TokenType.WORD) {
            return col.text().toLowerCase(java.util.Locale.ROOT);
        }
        if (col.type() == TokenType.QUOTED_IDENT && col.text().length() >= 2) {
            return col.text().substring(1, col.text().length() - 1).replace("\"\"", "\"");
        }
        return null;
    }

    private void rename(QualifiedName table, String newName) {
        Created c = created(table);
        if (c != null) {
            remove(table);
            add(new QualifiedName(table.schema(), newName, table.span()), c.kind(), c.table());
        }
    }

    private void add(QualifiedName name, ObjectKind kind, QualifiedName table) {
        recordRelations(name.name());
        List<Created> list = relations.get(name.name());
        if (list == null) {
            list = new ArrayList<>();
            relations.put(name.name(), list);
        }
        list.add(new Created(name, kind, table));
    }

    private void removeAll(List<QualifiedName> names) {
        for (QualifiedName name : names) {
            remove(name);
        }
    }

    private void remove(QualifiedName name) {
        List<Created> list = relations.get(name.name());
        if (list != null) {
            recordRelations(name.name());
            for (Iterator<Created> it = list.iterator(); it.hasNext();) {
                if (it.next().name().sameObject(name)) {
                    it.remove();
                }
            }
        }
    }

    private void validated(String column) {
        if (validatedNotNull.add(column) && undo != null) {
            undo.add(() -> validatedNotNull.remove(column));
        }
    }

    private <V> void put(Map<String, V> map, String key, V value) {
        recordEntry(map, key);
        map.put(key, value);
    }

    /** Records how to bring back {@code map}'s entry for {@code key} as it is now. */
    private <V> void recordEntry(Map<String, V> map, String key) {
        if (undo != null) {
            boolean present = map.containsKey(key);
            V before = map.get(key);
            undo.add(() -> {
                if (present) {
                    map.put(key, before);
                } else {
                    map.remove(key);
                }
            });
        }
    }

    /** Records how to bring back the relations named {@code key} as they are now (the list changes in place). */
    private void recordRelations(String key) {
        if (undo != null) {
            List<Created> now = relations.get(key);
            List<Created> before = now == null ? null : new ArrayList<>(now);
            undo.add(() -> {
                if (before == null) {
                    relations.remove(key);
                } else {
                    relations.put(key, before);
                }
            });
        }
    }

    /** What created {@code name} in this scope; null when nothing did. */
    private Created created(QualifiedName name) {
        List<Created> list = name == null ? null : relations.get(name.name());
        if (list != null) {
            for (Created c : list) {
                if (c.name().sameObject(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static String columnKey(QualifiedName table, String column) {
        return table.name() + "|" + column;
    }
}

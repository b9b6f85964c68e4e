package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.TypeName;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE|INDEX|VIEW|MATERIALIZED VIEW|SEQUENCE|FOREIGN TABLE} and their
 * comma-separated subcommands, each with the span of its own clause.
 */
final class AlterTableParser {

    /** Words that, after a subcommand's first word, still belong to its name in {@code AlterAction.Other}. */
    private static final Set<String> ACTION_NAME_WORDS = Set.of(
            "to", "trigger", "rule", "replica", "always", "row", "level", "security", "force", "inherit",
            "on", "without", "with", "cluster", "oids", "access", "method", "identity", "of", "extension",
            "depends", "partitions", "partition", "constraint", "by");

    /** First words of the {@code ALTER COLUMN} subcommands kept as {@code AlterAction.Other}. */
    private static final Set<String> COLUMN_SUBCOMMAND_WORDS = Set.of(
            "set", "drop", "add", "reset", "restart", "options");

    private AlterTableParser() {}

    /** Parses what follows {@code ALTER <kind>}. */
    static Statement parse(TokenCursor c, ObjectKind kind, Span span) {
        if (c.is("all") && c.isAt(1, "in")) {
            return new Statement.Other(Keywords.of(c.tokens()) + " ALL IN TABLESPACE", span);
        }
        boolean ifExists = c.accept("if", "exists");
        c.accept("only");
        QualifiedName name = c.qualifiedName();
        c.acceptOperator("*");
        if (c.atEnd()) {
            throw c.error("expected an ALTER " + kind.name().replace('_', ' ') + " action");
        }
        List<AlterAction> actions = new ArrayList<>();
        if (kind == ObjectKind.SEQUENCE && !isSharedSequenceAction(c)) {
            int start = c.position();
            String actionName = actionName(c);
            while (!c.atEnd()) {
                c.next();
            }
            actions.add(new AlterAction.Other(actionName, c.span(start)));
        } else {
            do {
                actions.add(action(c, kind));
                if (!c.atEnd() && !c.is(TokenType.COMMA)) {
                    throw c.error("unexpected '" + c.peek().text() + "'");
                }
            } while (c.accept(TokenType.COMMA));
        }
        return new Statement.AlterTable(kind, name, ifExists, actions, span);
    }

    /** Sequence subcommands that share the table form; the rest are sequence options. */
    private static boolean isSharedSequenceAction(TokenCursor c) {
        return c.is("rename") || c.is("owner") || c.isSequence("set", "schema") || c.isSequence("set", "logged")
                || c.isSequence("set", "unlogged");
    }

    private static AlterAction action(TokenCursor c, ObjectKind kind) {
        int start = c.position();
        String word = c.word();
        if (word == null) {
            throw c.error("expected an ALTER action");
        }
        switch (word) {
            case "add" -> {
                c.next();
                if (DefinitionParser.atTableConstraint(c)) {
                    return new AlterAction.AddConstraint(DefinitionParser.tableConstraint(c), c.span(start));
                }
                c.accept("column");
                boolean ifNotExists = c.accept("if", "not", "exists");
                ColumnDef column = DefinitionParser.columnDef(c, false);
                return new AlterAction.AddColumn(ifNotExists, column, c.span(start));
            }
            case "drop" -> {
                c.next();
                if (c.accept("constraint")) {
                    boolean ifExists = c.accept("if", "exists");
                    String name = c.identifier();
                    boolean cascade = cascade(c);
                    return new AlterAction.DropConstraint(name, ifExists, cascade, c.span(start));
                }
                c.accept("column");
                boolean ifExists = c.accept("if", "exists");
                String column = c.identifier();
                boolean cascade = cascade(c);
                return new AlterAction.DropColumn(column, ifExists, cascade, c.span(start));
            }
            case "alter" -> {
                c.next();
                if (c.is("constraint")) {
                    return other(c, start, "ALTER CONSTRAINT");
                }
                c.accept("column");
                return alterColumn(c, start);
            }
            case "validate" -> {
                c.next();
                c.expect("constraint");
                return new AlterAction.ValidateConstraint(c.identifier(), c.span(start));
            }
            case "rename" -> {
                return rename(c, start);
            }
            case "set" -> {
                c.next();
                if (c.accept("schema")) {
                    return new AlterAction.SetSchema(c.identifier(), c.span(start));
                }
                if (c.accept("tablespace")) {
                    String tablespace = c.identifier();
                    c.accept("nowait");
                    return new AlterAction.SetTablespace(tablespace, c.span(start));
                }
                if (c.accept("logged")) {
                    return new AlterAction.SetLogged(true, c.span(start));
                }
                if (c.accept("unlogged")) {
                    return new AlterAction.SetLogged(false, c.span(start));
                }
                c.seek(start);
                return other(c, start, actionName(c));
            }
            case "attach" -> {
                if (!c.isAt(1, "partition")) {
                    return other(c, start, actionName(c));
                }
                c.accept("attach", "partition");
                QualifiedName partition = c.qualifiedName();
                int boundStart = c.position();
                c.skipToComma();
                return new AlterAction.AttachPartition(partition, c.text(boundStart, c.position()), c.span(start));
            }
            case "detach" -> {
                if (!c.isAt(1, "partition")) {
                    return other(c, start, actionName(c));
                }
                c.accept("detach", "partition");
                QualifiedName partition = c.qualifiedName();
                boolean concurrently = c.accept("concurrently");
                boolean finalizeDetach = c.accept("finalize");
                return new AlterAction.DetachPartition(partition, concurrently, finalizeDetach, c.span(start));
            }
            default -> {
                return other(c, start, actionName(c));
            }
        }
    }

    /** After {@code ALTER [COLUMN]}: the column and its subcommand. */
    private static AlterAction alterColumn(TokenCursor c, int start) {
        String column = c.is(TokenType.NUMBER) ? c.next().text() : c.identifier();
        if (c.accept("type") || c.accept("set", "data", "type")) {
            TypeName type = TypeParser.type(c);
            if (c.accept("collate")) {
                c.qualifiedName();
            }
            Expr using = null;
            if (c.accept("using")) {
                using = c.expression(Set.of());
            }
            return new AlterAction.AlterColumnType(column, type, using, c.span(start));
        }
        if (c.accept("set", "default")) {
            return new AlterAction.SetDefault(column, c.expression(Set.of()), c.span(start));
        }
        if (c.accept("drop", "default")) {
            return new AlterAction.DropDefault(column, c.span(start));
        }
        if (c.accept("set", "not", "null")) {
            return new AlterAction.SetNotNull(column, c.span(start));
        }
        if (c.accept("drop", "not", "null")) {
            return new AlterAction.DropNotNull(column, c.span(start));
        }
        StringBuilder kind = new StringBuilder("ALTER COLUMN");
        String first = c.word();
        if (first == null || !COLUMN_SUBCOMMAND_WORDS.contains(first)) {
            throw c.error(c.atEnd() ? "expected an ALTER COLUMN action" : "unexpected '" + c.peek().text() + "'");
        }
        kind.append(' ').append(Names.upperAscii(first));
        c.next();
        String second = c.word();
        if (second != null && (first.equals("set") || first.equals("drop") || first.equals("add"))) {
            kind.append(' ').append(Names.upperAscii(second));
        }
        c.skipToComma();
        return new AlterAction.Other(kind.toString(), c.span(start));
    }

    private static AlterAction rename(TokenCursor c, int start) {
        c.expect("rename");
        if (c.accept("to")) {
            return new AlterAction.Rename(c.identifier(), c.span(start));
        }
        if (c.accept("constraint")) {
            String from = c.identifier();
            c.expect("to");
            return new AlterAction.RenameConstraint(from, c.identifier(), c.span(start));
        }
        c.accept("column");
        String from = c.identifier();
        c.expect("to");
        return new AlterAction.RenameColumn(from, c.identifier(), c.span(start));
    }

    private static boolean cascade(TokenCursor c) {
        if (c.accept("cascade")) {
            return true;
        }
        c.accept("restrict");
        return false;
    }

    /** Skips the rest of a subcommand that is only named, up to the next top-level comma. */
    private static AlterAction other(TokenCursor c, int start, String kind) {
        c.skipToComma();
        if (c.is(TokenType.RPAREN)) {
            throw c.error("unbalanced parentheses");
        }
        return new AlterAction.Other(kind, c.span(start));
    }

    /**
     * The key words naming the subcommand at the cursor, consumed: its first word and then words
     * from {@link #ACTION_NAME_WORDS}, e.g. {@code ENABLE TRIGGER}, {@code REPLICA IDENTITY}.
     */
    private static String actionName(TokenCursor c) {
        Token first = c.next();
        StringBuilder name = new StringBuilder(Names.upperAscii(Names.lowerAscii(first.text())));
        int words = 1;
        while (words < 5 && c.isAnyOf(ACTION_NAME_WORDS)) {
            name.append(' ').append(Names.upperAscii(c.word()));
            c.next();
            words++;
        }
        return name.toString();
    }
}

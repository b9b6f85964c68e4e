package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.TypeName;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Column definitions and constraints, shared by CREATE TABLE, ALTER TABLE and domains. */
final class DefinitionParser {

    /** Words that end a {@code DEFAULT} expression: the column constraints that may follow it. */
    private static final Set<String> COLUMN_CLAUSE_WORDS = Set.of(
            "not", "null", "primary", "unique", "check", "references", "constraint", "collate",
            "generated", "default", "deferrable", "initially", "compression", "storage", "enforced");

    private static final Set<String> CONSTRAINT_START = Set.of(
            "constraint", "check", "primary", "unique", "foreign", "exclude");

    private DefinitionParser() {}

    /** True when a table constraint (not a column) starts at the cursor. */
    static boolean atTableConstraint(TokenCursor c) {
        if (c.is("exclude")) {
            return c.isAt(1, "using") || c.isAt(1, TokenType.LPAREN);
        }
        return c.isAnyOf(CONSTRAINT_START) || c.isSequence("not", "null");
    }

    /**
     * {@code name type [column constraints]}; with {@code typed} (partitions, typed tables) the
     * type is absent: {@code name [WITH OPTIONS] constraints}, and {@link ColumnDef#type} is null.
     */
    static ColumnDef columnDef(TokenCursor c, boolean typed) {
        int start = c.position();
        String name = c.identifier();
        TypeName type = null;
        if (typed) {
            c.accept("with", "options");
        } else {
            type = TypeParser.type(c);
        }
        Expr defaultValue = null;
        boolean notNull = false;
        ColumnDef.Generated generated = ColumnDef.Generated.NONE;
        Expr generatedExpr = null;
        List<Constraint> constraints = new ArrayList<>();
        while (!c.atEnd() && !c.is(TokenType.COMMA) && !c.is(TokenType.RPAREN)) {
            int clauseStart = c.position();
            String constraintName = null;
            if (c.accept("constraint")) {
                constraintName = c.identifier();
            }
            if (c.accept("not", "null")) {
                notNull = true;
                constraintAttributes(c);
            } else if (c.accept("null")) {
                notNull = false;
            } else if (constraintName == null && c.accept("default")) {
                defaultValue = c.expression(COLUMN_CLAUSE_WORDS);
            } else if (c.accept("generated")) {
                if (c.accept("always") || c.accept("by", "default")) {
                    c.expect("as");
                    if (c.accept("identity")) {
                        generated = ColumnDef.Generated.IDENTITY;
                        if (c.is(TokenType.LPAREN)) {
                            c.skipGroup();
                        }
                    } else {
                        generatedExpr = c.parenthesizedExpression();
                        generated = c.accept("virtual") ? ColumnDef.Generated.VIRTUAL
                                : c.accept("stored") ? ColumnDef.Generated.STORED
                                : ColumnDef.Generated.VIRTUAL;
                    }
                } else {
                    throw c.error("expected ALWAYS or BY DEFAULT");
                }
            } else if (constraintName == null && c.accept("collate")) {
                c.qualifiedName();
            } else if (constraintName == null && (c.accept("compression") || c.accept("storage"))) {
                c.next();
            } else if (constraintName == null && c.is("options") && c.isAt(1, TokenType.LPAREN)) {
                c.next();
                c.skipGroup();
            } else if (c.isAnyOf(Set.of("primary", "unique", "check", "references"))) {
                constraints.add(constraintBody(c, clauseStart, constraintName, name));
            } else {
                throw c.error("unexpected '" + c.peek().text() + "' in column definition");
            }
        }
        return new ColumnDef(name, type, defaultValue, notNull, generated, generatedExpr, constraints,
                c.text(start, c.position()), c.span(start));
    }

    /** A table constraint: {@code [CONSTRAINT name] CHECK|PRIMARY KEY|UNIQUE|FOREIGN KEY|EXCLUDE|NOT NULL …}. */
    static Constraint tableConstraint(TokenCursor c) {
        int start = c.position();
        String name = c.accept("constraint") ? c.identifier() : null;
        return constraintBody(c, start, name, null);
    }

    /**
     * The constraint after its optional name. {@code column} is the owning column for column
     * constraints (null for table constraints, whose column lists are written out).
     */
    static Constraint constraintBody(TokenCursor c, int start, String name, String column) {
        List<String> ownColumn = column == null ? List.of() : List.of(column);
        Constraint.Kind kind;
        List<String> columns = ownColumn;
        Expr expression = null;
        QualifiedName referencedTable = null;
        List<String> referencedColumns = List.of();
        String usingIndex = null;
        if (c.accept("check")) {
            kind = Constraint.Kind.CHECK;
            columns = List.of();
            expression = c.parenthesizedExpression();
        } else if (c.accept("primary", "key") || c.is("unique")) {
            kind = c.accept("unique") ? Constraint.Kind.UNIQUE : Constraint.Kind.PRIMARY_KEY;
            if (c.accept("nulls")) {
                c.accept("not");
                c.expect("distinct");
            }
            if (c.isSequence("using", "index") && !c.isAt(2, "tablespace")) {
                c.accept("using", "index");
                usingIndex = c.identifier();
            } else {
                if (column == null) {
                    columns = columnList(c);
                }
                indexParameters(c);
            }
        } else if (c.accept("foreign", "key")) {
            kind = Constraint.Kind.FOREIGN_KEY;
            columns = columnList(c);
            c.expect("references");
            referencedTable = c.qualifiedName();
            referencedColumns = c.is(TokenType.LPAREN) ? columnList(c) : List.of();
            referentialActions(c);
        } else if (c.accept("references")) {
            kind = Constraint.Kind.FOREIGN_KEY;
            referencedTable = c.qualifiedName();
            referencedColumns = c.is(TokenType.LPAREN) ? columnList(c) : List.of();
            referentialActions(c);
        } else if (c.accept("exclude")) {
            kind = Constraint.Kind.EXCLUDE;
            columns = List.of();
            if (c.accept("using")) {
                c.identifier();
            }
            expression = c.parenthesizedExpression();
            indexParameters(c);
            if (c.accept("where")) {
                c.parenthesizedExpression();
            }
        } else if (c.accept("not", "null")) {
            kind = Constraint.Kind.NOT_NULL;
            if (column == null && c.isIdentifier() && !c.is("no") && !c.is("not")) {
                columns = List.of(c.identifier());
            }
        } else {
            throw c.error(c.atEnd() ? "expected a constraint" : "unexpected '" + c.peek().text() + "' in constraint");
        }
        int textEnd = c.position();
        boolean notValid = false;
        while (true) {
            if (c.accept("not", "valid")) {
                notValid = true;
                continue;
            }
            if (!constraintAttribute(c)) {
                break;
            }
            textEnd = c.position();
        }
        return new Constraint(name, kind, columns, expression, referencedTable, referencedColumns, usingIndex,
                notValid, c.text(start, textEnd), c.span(start, textEnd));
    }

    /** Skips {@code DEFERRABLE}, {@code INITIALLY …}, {@code NO INHERIT}, {@code [NOT] ENFORCED}. */
    private static void constraintAttributes(TokenCursor c) {
        while (constraintAttribute(c)) {
            // consumed one attribute
        }
    }

    private static boolean constraintAttribute(TokenCursor c) {
        if (c.accept("deferrable") || c.accept("not", "deferrable") || c.accept("no", "inherit")
                || c.accept("enforced") || c.accept("not", "enforced")) {
            return true;
        }
        if (c.accept("initially")) {
            c.next();
            return true;
        }
        return false;
    }

    /** {@code INCLUDE (…)}, {@code WITH (…)}, {@code USING INDEX TABLESPACE t}. */
    private static void indexParameters(TokenCursor c) {
        while (true) {
            if (c.accept("include") || c.accept("with")) {
                c.skipGroup();
            } else if (c.accept("using", "index", "tablespace")) {
                c.identifier();
            } else {
                return;
            }
        }
    }

    /** {@code MATCH …}, {@code ON DELETE|UPDATE action [(cols)]}. */
    private static void referentialActions(TokenCursor c) {
        while (true) {
            if (c.accept("match")) {
                c.next();
            } else if (c.accept("on")) {
                if (!c.accept("delete")) {
                    c.expect("update");
                }
                if (c.accept("set")) {
                    c.next();
                    if (c.is(TokenType.LPAREN)) {
                        c.skipGroup();
                    }
                } else if (!c.accept("no", "action")) {
                    c.next();
                }
            } else {
                return;
            }
        }
    }

    /**
     * {@code (a, b)}: key columns, tolerating {@code PERIOD c} and {@code c WITHOUT OVERLAPS}
     * and index-element decorations after a name.
     */
    static List<String> columnList(TokenCursor c) {
        c.expect(TokenType.LPAREN);
        List<String> columns = new ArrayList<>();
        if (c.accept(TokenType.RPAREN)) {
            return columns;
        }
        while (true) {
            if (c.is("period") && (c.isAt(1, TokenType.WORD) || c.isAt(1, TokenType.QUOTED_IDENT))) {
                c.next();
            }
            columns.add(c.identifier());
            c.skipToComma();
            if (c.accept(TokenType.RPAREN)) {
                return columns;
            }
            c.expect(TokenType.COMMA);
        }
    }
}

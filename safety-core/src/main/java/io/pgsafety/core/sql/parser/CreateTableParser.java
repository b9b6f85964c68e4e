package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/** {@code CREATE [TEMP|UNLOGGED] TABLE …}: column definitions, constraints, partitions, {@code AS}. */
final class CreateTableParser {

    private CreateTableParser() {}

    /** Parses from the {@code TABLE} key word. */
    static Statement parse(TokenCursor c, Statement.Persistence persistence, Span span) {
        c.expect("table");
        boolean ifNotExists = c.accept("if", "not", "exists");
        QualifiedName name = c.qualifiedName();
        if (isCreateTableAs(c)) {
            return new Statement.CreateTable(name, ifNotExists, persistence, List.of(), List.of(), null, true, span);
        }
        List<ColumnDef> columns = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        QualifiedName partitionOf = null;
        boolean typed = false;
        if (c.accept("partition", "of")) {
            partitionOf = c.qualifiedName();
            typed = true;
        } else if (c.accept("of")) {
            c.qualifiedName();
            typed = true;
        }
        if (c.is(TokenType.LPAREN)) {
            elements(c, typed, columns, constraints);
        } else if (!typed) {
            throw c.error("expected '(' after the table name");
        }
        tail(c);
        return new Statement.CreateTable(name, ifNotExists, persistence, columns, constraints, partitionOf, false,
                span);
    }

    /**
     * {@code CREATE TABLE t AS …} or {@code CREATE TABLE t (a, b) … AS …}: an {@code AS} outside
     * parentheses after the name.
     */
    private static boolean isCreateTableAs(TokenCursor c) {
        return c.is("as") || c.findTopLevel("as") >= 0 && !c.is("partition") && !c.is("of");
    }

    private static void elements(TokenCursor c, boolean typed, List<ColumnDef> columns, List<Constraint> constraints) {
        c.expect(TokenType.LPAREN);
        if (c.accept(TokenType.RPAREN)) {
            return;
        }
        while (true) {
            if (c.is("like")) {
                c.next();
                c.qualifiedName();
                while (c.is("including") || c.is("excluding")) {
                    c.next();
                    c.next();
                }
            } else if (DefinitionParser.atTableConstraint(c)) {
                constraints.add(DefinitionParser.tableConstraint(c));
            } else {
                columns.add(DefinitionParser.columnDef(c, typed));
            }
            if (c.accept(TokenType.RPAREN)) {
                return;
            }
            c.expect(TokenType.COMMA);
        }
    }

    /**
     * What may follow the element list: {@code INHERITS}, {@code PARTITION BY}, {@code FOR VALUES}
     * / {@code DEFAULT}, {@code USING}, {@code WITH (…)}, {@code ON COMMIT}, {@code TABLESPACE};
     * none of it is modelled, but it must be well formed.
     */
    private static void tail(TokenCursor c) {
        while (!c.atEnd()) {
            if (c.is(TokenType.LPAREN) || c.is(TokenType.LBRACKET)) {
                c.skipGroup();
            } else if (c.is(TokenType.RPAREN) || c.is(TokenType.RBRACKET)) {
                throw c.error("unbalanced parentheses");
            } else {
                c.next();
            }
        }
    }
}

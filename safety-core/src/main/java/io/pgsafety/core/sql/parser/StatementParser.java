package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.TypeName;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the tokens of one statement into its {@link Statement} model. Dispatches on the leading
 * key words to one method per statement family; anything it cannot read becomes
 * {@link Statement.Unparsed} at the offending token, never an exception.
 */
final class StatementParser {

    /** Leading key words of PostgreSQL commands that are recognised but not modelled. */
    private static final Set<String> OTHER_COMMANDS = Set.of(
            "analyze", "call", "checkpoint", "close", "comment", "copy", "deallocate", "declare",
            "discard", "execute", "explain", "fetch", "grant", "import", "listen", "load", "merge", "move",
            "notify", "reassign", "repack", "revoke", "security", "select", "show", "table", "unlisten", "values");

    private static final Set<String> DOMAIN_CLAUSE_WORDS = Set.of("constraint", "not", "null", "check", "collate",
            "default");

    private final String source;
    /** Inside a PL/pgSQL block, where {@code SELECT … INTO} assigns variables. */
    private final boolean plpgsql;

    StatementParser(String source, boolean plpgsql) {
        this.source = source;
        this.plpgsql = plpgsql;
    }

    String source() {
        return source;
    }

    /** The model of a statement; {@code tokens} is non-empty and free of comments. */
    Statement parse(List<Token> tokens) {
        Span span = Span.of(tokens.get(0), tokens.get(tokens.size() - 1));
        try {
            return statement(new TokenCursor(source, tokens), span);
        } catch (ParseException e) {
            return new Statement.Unparsed(e.getMessage(), e.span());
        } catch (RuntimeException | StackOverflowError e) {
            return new Statement.Unparsed("parser failure: " + e, span);
        }
    }

    private Statement statement(TokenCursor c, Span span) {
        Token first = c.peek();
        if (first.type() == TokenType.LPAREN) {
            return new Statement.Other("SELECT", span);
        }
        String word = c.word();
        if (word == null) {
            throw c.error("statement does not start with a key word");
        }
        return switch (word) {
            case "alter" -> alter(c, span);
            case "create" -> create(c, span);
            case "drop" -> drop(c, span);
            case "truncate" -> truncate(c, span);
            case "vacuum" -> vacuum(c, span);
            case "cluster" -> cluster(c, span);
            case "refresh" -> refresh(c, span);
            case "lock" -> lock(c, span);
            case "reindex" -> reindex(c, span);
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare" ->
                    transaction(c, span);
            case "set" -> set(c, span);
            case "reset" -> reset(c, span);
            case "update" -> update(c, span);
            case "delete" -> delete(c, span);
            case "insert" -> insert(c, span);
            case "with" -> with(c, span);
            case "select" -> select(c, span);
            case "do" -> doBlock(c, span);
            case "analyse" -> new Statement.Other("ANALYZE", span);
            default -> {
                if (!OTHER_COMMANDS.contains(word)) {
                    throw c.error("unknown statement '" + first.text() + "'");
                }
                yield new Statement.Other(Keywords.of(c.tokens()), span);
            }
        };
    }

    // ---- ALTER -----------------------------------------------------------------------------

    private Statement alter(TokenCursor c, Span span) {
        c.expect("alter");
        ObjectKind relation = relationKind(c);
        if (relation != null) {
            return AlterTableParser.parse(c, relation, span);
        }
        if (c.is("type")) {
            return alterType(c, span);
        }
        if (c.is("domain")) {
            return alterDomain(c, span);
        }
        return new Statement.Other(Keywords.of(c.tokens()), span);
    }

    /** Consumes {@code TABLE|INDEX|VIEW|MATERIALIZED VIEW|SEQUENCE|FOREIGN TABLE}; null otherwise. */
    private static ObjectKind relationKind(TokenCursor c) {
        if (c.accept("table")) {
            return ObjectKind.TABLE;
        }
        if (c.accept("index")) {
            return ObjectKind.INDEX;
        }
        if (c.accept("view")) {
            return ObjectKind.VIEW;
        }
        if (c.accept("materialized", "view")) {
            return ObjectKind.MATERIALIZED_VIEW;
        }
        if (c.accept("sequence")) {
            return ObjectKind.SEQUENCE;
        }
        if (c.accept("foreign", "table")) {
            return ObjectKind.FOREIGN_TABLE;
        }
        return null;
    }

    private Statement alterType(TokenCursor c, Span span) {
        c.expect("type");
        QualifiedName name = c.qualifiedName();
        Statement.AlterTypeAction action = Statement.AlterTypeAction.OTHER;
        String value = null;
        if (c.accept("add", "value")) {
            action = Statement.AlterTypeAction.ADD_VALUE;
            c.accept("if", "not", "exists");
            value = stringLiteral(c);
            if (c.accept("before") || c.accept("after")) {
                stringLiteral(c);
            }
            c.expectEnd();
        } else if (c.accept("rename", "value")) {
            action = Statement.AlterTypeAction.RENAME_VALUE;
            value = stringLiteral(c);
            c.expect("to");
            stringLiteral(c);
            c.expectEnd();
        } else if (c.accept("rename", "to")) {
            action = Statement.AlterTypeAction.RENAME;
        } else if (c.accept("set", "schema")) {
            action = Statement.AlterTypeAction.SET_SCHEMA;
        } else if (c.accept("owner", "to")) {
            action = Statement.AlterTypeAction.OWNER;
        } else if (c.accept("add", "attribute")) {
            action = Statement.AlterTypeAction.ADD_ATTRIBUTE;
        }
        return new Statement.AlterType(name, action, value, span);
    }

    private static String stringLiteral(TokenCursor c) {
        if (!c.is(TokenType.STRING) && !c.is(TokenType.DOLLAR_STRING)) {
            throw c.error("expected a string literal");
        }
        return Names.stringValue(c.next());
    }

    private Statement alterDomain(TokenCursor c, Span span) {
        c.expect("domain");
        QualifiedName name = c.qualifiedName();
        Statement.AlterDomainAction action;
        Constraint constraint = null;
        if (c.accept("set", "default")) {
            action = Statement.AlterDomainAction.SET_DEFAULT;
        } else if (c.accept("drop", "default")) {
            action = Statement.AlterDomainAction.DROP_DEFAULT;
        } else if (c.accept("set", "not", "null")) {
            action = Statement.AlterDomainAction.SET_NOT_NULL;
        } else if (c.accept("drop", "not", "null")) {
            action = Statement.AlterDomainAction.DROP_NOT_NULL;
        } else if (c.accept("add")) {
            action = Statement.AlterDomainAction.ADD_CONSTRAINT;
            constraint = domainConstraint(c);
            if (constraint == null) {
                throw c.error("expected a domain constraint");
            }
            c.expectEnd();
        } else if (c.accept("drop", "constraint")) {
            action = Statement.AlterDomainAction.DROP_CONSTRAINT;
        } else if (c.accept("validate", "constraint")) {
            action = Statement.AlterDomainAction.VALIDATE_CONSTRAINT;
        } else {
            action = Statement.AlterDomainAction.OTHER;
        }
        return new Statement.AlterDomain(name, action, constraint, span);
    }

    /** {@code [CONSTRAINT n] CHECK (…) | NOT NULL | NULL} of a domain; null for {@code NULL}. */
    private static Constraint domainConstraint(TokenCursor c) {
        int start = c.position();
        String name = c.accept("constraint") ? c.identifier() : null;
        if (c.isSequence("not", "null")) {
            c.accept("not", "null");
            int textEnd = c.position();
            boolean notValid = c.accept("not", "valid");
            return new Constraint(name, Constraint.Kind.NOT_NULL, List.of(), null, null, List.of(), null, notValid,
                    c.text(start, textEnd), c.span(start, textEnd));
        }
        if (c.accept("null")) {
            return null;
        }
        if (!c.is("check")) {
            throw c.error(c.atEnd() ? "expected a domain constraint" : "unexpected '" + c.peek().text() + "'");
        }
        return DefinitionParser.constraintBody(c, start, name, null);
    }

    // ---- CREATE ----------------------------------------------------------------------------

    private Statement create(TokenCursor c, Span span) {
        c.expect("create");
        c.accept("or", "replace");
        Statement.Persistence persistence = Statement.Persistence.PERMANENT;
        while (true) {
            if (c.accept("global") || c.accept("local")) {
                continue;
            }
            if (c.accept("temp") || c.accept("temporary")) {
                persistence = Statement.Persistence.TEMPORARY;
            } else if (c.accept("unlogged")) {
                persistence = Statement.Persistence.UNLOGGED;
            } else {
                break;
            }
        }
        if (c.is("table")) {
            return CreateTableParser.parse(c, persistence, span);
        }
        if (c.accept("unique")) {
            return createIndex(c, true, span);
        }
        if (c.is("index")) {
            return createIndex(c, false, span);
        }
        if (c.is("domain")) {
            return createDomain(c, span);
        }
        ObjectKind kind = createdKind(c);
        if (kind == null) {
            return new Statement.Other(Keywords.of(c.tokens()), span);
        }
        c.accept("if", "not", "exists");
        QualifiedName name;
        if (kind == ObjectKind.SCHEMA && c.is("authorization")) {
            c.next();
            name = c.qualifiedName();
        } else if (kind == ObjectKind.OPERATOR) {
            name = operatorName(c);
        } else {
            name = c.qualifiedName();
        }
        return new Statement.CreateObject(kind, name, span);
    }

    /** Consumes the object key words of {@code CREATE <kind>} for {@link Statement.CreateObject}. */
    private static ObjectKind createdKind(TokenCursor c) {
        c.accept("recursive");
        if (c.accept("constraint", "trigger")) {
            return ObjectKind.TRIGGER;
        }
        if (c.is("user") && c.isAt(1, "mapping") || c.is("operator") && (c.isAt(1, "class") || c.isAt(1, "family"))) {
            return null;
        }
        if (c.isSequence("foreign", "table")) {
            c.accept("foreign", "table");
            return ObjectKind.FOREIGN_TABLE;
        }
        if (c.is("materialized") && c.isAt(1, "view")) {
            c.accept("materialized", "view");
            return ObjectKind.MATERIALIZED_VIEW;
        }
        ObjectKind kind = simpleKind(c.word());
        if (kind != null && kind != ObjectKind.POLICY) {
            c.next();
            return kind;
        }
        return null;
    }

    /** Object kinds named by one key word. */
    private static ObjectKind simpleKind(String word) {
        if (word == null) {
            return null;
        }
        return switch (word) {
            case "table" -> ObjectKind.TABLE;
            case "view" -> ObjectKind.VIEW;
            case "sequence" -> ObjectKind.SEQUENCE;
            case "schema" -> ObjectKind.SCHEMA;
            case "database" -> ObjectKind.DATABASE;
            case "type" -> ObjectKind.TYPE;
            case "domain" -> ObjectKind.DOMAIN;
            case "function" -> ObjectKind.FUNCTION;
            case "procedure" -> ObjectKind.PROCEDURE;
            case "trigger" -> ObjectKind.TRIGGER;
            case "extension" -> ObjectKind.EXTENSION;
            case "tablespace" -> ObjectKind.TABLESPACE;
            case "role", "user", "group" -> ObjectKind.ROLE;
            case "policy" -> ObjectKind.POLICY;
            case "rule" -> ObjectKind.RULE;
            case "collation" -> ObjectKind.COLLATION;
            case "aggregate" -> ObjectKind.AGGREGATE;
            case "operator" -> ObjectKind.OPERATOR;
            case "publication" -> ObjectKind.PUBLICATION;
            case "subscription" -> ObjectKind.SUBSCRIPTION;
            case "server" -> ObjectKind.SERVER;
            default -> null;
        };
    }

    /** An operator name such as {@code ===} or {@code myschema.===}. */
    private static QualifiedName operatorName(TokenCursor c) {
        int start = c.position();
        String schema = null;
        if (c.isIdentifier() && c.isAt(1, TokenType.DOT)) {
            schema = c.identifier();
            c.next();
        }
        Token op = c.next();
        if (op.type() != TokenType.OPERATOR) {
            throw c.error("expected an operator");
        }
        return new QualifiedName(schema, op.text(), c.span(start));
    }

    private Statement createIndex(TokenCursor c, boolean unique, Span span) {
        c.expect("index");
        boolean concurrently = c.accept("concurrently");
        boolean ifNotExists = c.accept("if", "not", "exists");
        String name = c.is("on") ? null : c.identifier();
        c.expect("on");
        boolean only = c.accept("only");
        QualifiedName table = c.qualifiedName();
        if (!c.is(TokenType.LPAREN) && !c.is("using")) {
            throw c.error("expected the index columns");
        }
        String definition = c.text(c.position(), c.tokens().size());
        return new Statement.CreateIndex(name, table, unique, concurrently, ifNotExists, only, definition, span);
    }

    private Statement createDomain(TokenCursor c, Span span) {
        c.expect("domain");
        QualifiedName name = c.qualifiedName();
        c.accept("as");
        TypeName baseType = TypeParser.type(c);
        List<Constraint> constraints = new ArrayList<>();
        while (!c.atEnd()) {
            if (c.accept("collate")) {
                c.qualifiedName();
            } else if (c.accept("default")) {
                c.expression(DOMAIN_CLAUSE_WORDS);
            } else {
                Constraint constraint = domainConstraint(c);
                if (constraint != null) {
                    constraints.add(constraint);
                }
            }
        }
        return new Statement.CreateDomain(name, baseType, constraints, span);
    }

    // ---- DROP, TRUNCATE, maintenance -------------------------------------------------------

    private Statement drop(TokenCursor c, Span span) {
        c.expect("drop");
        if (c.accept("index")) {
            boolean concurrently = c.accept("concurrently");
            boolean ifExists = c.accept("if", "exists");
            List<QualifiedName> names = c.qualifiedNameList();
            boolean cascade = cascade(c);
            c.expectEnd();
            return new Statement.DropIndex(names, concurrently, ifExists, cascade, span);
        }
        ObjectKind kind = droppedKind(c);
        if (kind == null) {
            return new Statement.Other(Keywords.of(c.tokens()), span);
        }
        boolean ifExists = c.accept("if", "exists");
        List<QualifiedName> names = new ArrayList<>();
        switch (kind) {
            case FUNCTION, PROCEDURE, AGGREGATE, OPERATOR -> {
                do {
                    names.add(kind == ObjectKind.OPERATOR ? operatorName(c) : c.qualifiedName());
                    if (c.is(TokenType.LPAREN)) {
                        c.skipGroup();
                    }
                } while (c.accept(TokenType.COMMA));
            }
            case TRIGGER, POLICY, RULE -> {
                names.add(c.qualifiedName());
                c.expect("on");
                c.qualifiedName();
            }
            default -> names.addAll(c.qualifiedNameList());
        }
        boolean cascade = cascade(c);
        if (kind == ObjectKind.DATABASE && (c.accept("with") || c.is(TokenType.LPAREN))) {
            c.skipGroup();
        }
        c.expectEnd();
        return new Statement.DropObject(kind, names, ifExists, cascade, span);
    }

    private static ObjectKind droppedKind(TokenCursor c) {
        if (c.isSequence("user", "mapping") || c.is("operator") && (c.isAt(1, "class") || c.isAt(1, "family"))) {
            return null;
        }
        if (c.accept("foreign", "table")) {
            return ObjectKind.FOREIGN_TABLE;
        }
        if (c.accept("materialized", "view")) {
            return ObjectKind.MATERIALIZED_VIEW;
        }
        ObjectKind kind = simpleKind(c.word());
        if (kind != null) {
            c.next();
        }
        return kind;
    }

    /** {@code CASCADE} (true) or {@code RESTRICT}/nothing (false). */
    private static boolean cascade(TokenCursor c) {
        if (c.accept("cascade")) {
            return true;
        }
        c.accept("restrict");
        return false;
    }

    private Statement truncate(TokenCursor c, Span span) {
        c.expect("truncate");
        c.accept("table");
        List<QualifiedName> tables = new ArrayList<>();
        do {
            tables.add(relationWithInheritance(c));
        } while (c.accept(TokenType.COMMA));
        if (!c.accept("restart", "identity")) {
            c.accept("continue", "identity");
        }
        boolean cascade = cascade(c);
        c.expectEnd();
        return new Statement.Truncate(tables, cascade, span);
    }

    /** {@code [ONLY] name [*]}. */
    private static QualifiedName relationWithInheritance(TokenCursor c) {
        c.accept("only");
        QualifiedName name = c.qualifiedName();
        c.acceptOperator("*");
        return name;
    }

    private Statement vacuum(TokenCursor c, Span span) {
        c.expect("vacuum");
        boolean full = false;
        if (c.is(TokenType.LPAREN)) {
            full = optionEnabled(c, "full");
        } else {
            while (c.is("full") || c.is("freeze") || c.is("verbose") || c.is("analyze") || c.is("analyse")) {
                full |= c.next().is("full");
            }
        }
        List<QualifiedName> tables = new ArrayList<>();
        if (!c.atEnd()) {
            do {
                c.accept("only");
                tables.add(c.qualifiedName());
                if (c.is(TokenType.LPAREN)) {
                    c.skipGroup();
                }
            } while (c.accept(TokenType.COMMA));
        }
        c.expectEnd();
        return new Statement.Vacuum(full, tables, span);
    }

    /**
     * Reads a parenthesised utility option list {@code (name [value], …)}; true when option
     * {@code wanted} is present and not switched off.
     */
    private static boolean optionEnabled(TokenCursor c, String wanted) {
        c.expect(TokenType.LPAREN);
        boolean enabled = false;
        while (true) {
            Token option = c.next();
            boolean isWanted = option.is(wanted);
            int valueStart = c.position();
            c.skipToComma();
            if (isWanted) {
                enabled = true;
                if (c.position() == valueStart + 1) {
                    String value = Names.lowerAscii(Names.stringValue(c.previous()));
                    enabled = !(value.equals("false") || value.equals("off") || value.equals("0") || value.equals("no"));
                }
            }
            if (c.accept(TokenType.RPAREN)) {
                return enabled;
            }
            c.expect(TokenType.COMMA);
        }
    }

    private Statement cluster(TokenCursor c, Span span) {
        c.expect("cluster");
        if (c.is(TokenType.LPAREN)) {
            c.skipGroup();
        }
        c.accept("verbose");
        QualifiedName table = null;
        String index = null;
        if (!c.atEnd()) {
            QualifiedName first = c.qualifiedName();
            if (c.accept("on")) {
                index = first.name();
                table = c.qualifiedName();
            } else {
                table = first;
                if (c.accept("using")) {
                    index = c.identifier();
                }
            }
        }
        c.expectEnd();
        return new Statement.Cluster(table, index, span);
    }

    private Statement refresh(TokenCursor c, Span span) {
        c.expect("refresh");
        if (!c.accept("materialized", "view")) {
            return new Statement.Other(Keywords.of(c.tokens()), span);
        }
        boolean concurrently = c.accept("concurrently");
        QualifiedName name = c.qualifiedName();
        boolean withData = true;
        if (c.accept("with")) {
            withData = !c.accept("no");
            c.expect("data");
        }
        c.expectEnd();
        return new Statement.RefreshMaterializedView(name, concurrently, withData, span);
    }

    private Statement lock(TokenCursor c, Span span) {
        c.expect("lock");
        c.accept("table");
        List<QualifiedName> tables = new ArrayList<>();
        do {
            tables.add(relationWithInheritance(c));
        } while (c.accept(TokenType.COMMA));
        LockMode mode = LockMode.ACCESS_EXCLUSIVE;
        if (c.accept("in")) {
            int from = c.position();
            while (!c.atEnd() && !c.is("mode")) {
                c.next();
            }
            int to = c.position();
            c.expect("mode");
            StringBuilder words = new StringBuilder();
            for (int i = from; i < to; i++) {
                words.append(i > from ? " " : "").append(c.tokens().get(i).text());
            }
            mode = LockMode.fromSql(words.toString());
            if (mode == null) {
                throw new ParseException("unknown lock mode '" + words + "'", c.span(from, to));
            }
        }
        boolean nowait = c.accept("nowait");
        c.expectEnd();
        return new Statement.LockTable(tables, mode, nowait, span);
    }

    private Statement reindex(TokenCursor c, Span span) {
        c.expect("reindex");
        boolean concurrently = false;
        if (c.is(TokenType.LPAREN)) {
            concurrently = optionEnabled(c, "concurrently");
        }
        c.accept("verbose");
        Statement.ReindexTarget target;
        String word = c.word();
        try {
            target = word == null ? null : Statement.ReindexTarget.valueOf(Names.upperAscii(word));
        } catch (IllegalArgumentException e) {
            target = null;
        }
        if (target == null) {
            throw c.error("expected INDEX, TABLE, SCHEMA, DATABASE or SYSTEM");
        }
        c.next();
        concurrently |= c.accept("concurrently");
        QualifiedName name = c.atEnd() ? null : c.qualifiedName();
        c.expectEnd();
        return new Statement.Reindex(target, name, concurrently, span);
    }

    // ---- transactions and settings ---------------------------------------------------------

    private Statement transaction(TokenCursor c, Span span) {
        String word = c.word();
        c.next();
        Statement.TransactionKind kind = switch (word) {
            case "begin" -> Statement.TransactionKind.BEGIN;
            case "start" -> {
                c.expect("transaction");
                yield Statement.TransactionKind.BEGIN;
            }
            case "commit", "end" -> c.is("prepared") && word.equals("commit")
                    ? Statement.TransactionKind.COMMIT_PREPARED : Statement.TransactionKind.COMMIT;
            case "rollback", "abort" -> {
                if (word.equals("rollback") && c.is("prepared")) {
                    yield Statement.TransactionKind.ROLLBACK_PREPARED;
                }
                if (!c.accept("work")) {
                    c.accept("transaction");
                }
                yield c.is("to") ? Statement.TransactionKind.ROLLBACK_TO : Statement.TransactionKind.ROLLBACK;
            }
            case "savepoint" -> Statement.TransactionKind.SAVEPOINT;
            case "release" -> Statement.TransactionKind.RELEASE;
            default -> c.is("transaction") ? Statement.TransactionKind.PREPARE : null;
        };
        if (kind == null) {
            return new Statement.Other("PREPARE", span);
        }
        return new Statement.Transaction(kind, span);
    }

    private Statement set(TokenCursor c, Span span) {
        c.expect("set");
        boolean local = c.accept("local");
        if (!local) {
            c.accept("session");
        }
        String other = setVariant(c);
        if (other != null) {
            return new Statement.Other("SET " + other, span);
        }
        String parameter = specialParameter(c);
        if (parameter == null) {
            parameter = parameterName(c);
            if (!c.accept("to") && !c.acceptOperator("=")) {
                throw c.error("expected TO or =");
            }
        }
        if (c.atEnd()) {
            throw c.error("expected a value");
        }
        return new Statement.SetParameter(parameter, valueText(c), local, false, span);
    }

    /** SET forms that are not run-time parameters; their key words, or null. */
    private static String setVariant(TokenCursor c) {
        if (c.is("role")) {
            return "ROLE";
        }
        if (c.is("session") && c.isAt(1, "authorization") || c.is("authorization")) {
            return "SESSION AUTHORIZATION";
        }
        if (c.is("constraints")) {
            return "CONSTRAINTS";
        }
        if (c.is("transaction")) {
            return "TRANSACTION";
        }
        if (c.is("characteristics")) {
            return "SESSION CHARACTERISTICS";
        }
        return null;
    }

    /** Parameters with their own syntax: {@code TIME ZONE}, {@code SCHEMA}, {@code NAMES}, {@code XML OPTION}. */
    private static String specialParameter(TokenCursor c) {
        if (c.accept("time", "zone")) {
            return "timezone";
        }
        if (c.is("schema") && !c.isAt(1, "to") && !isEquals(c.peek(1))) {
            c.next();
            return "search_path";
        }
        if (c.is("names") && !c.isAt(1, "to") && !isEquals(c.peek(1))) {
            c.next();
            return "client_encoding";
        }
        if (c.accept("xml", "option")) {
            return "xmloption";
        }
        return null;
    }

    private static boolean isEquals(Token t) {
        return t != null && t.type() == TokenType.OPERATOR && t.text().equals("=");
    }

    /** {@code name} or {@code prefix.name}, lower case for unquoted parts. */
    private static String parameterName(TokenCursor c) {
        StringBuilder name = new StringBuilder(c.identifier());
        while (c.accept(TokenType.DOT)) {
            name.append('.').append(c.identifier());
        }
        return name.toString();
    }

    /** The rest of the statement as text, string quotes removed. */
    private String valueText(TokenCursor c) {
        StringBuilder value = new StringBuilder();
        Token previous = null;
        while (!c.atEnd()) {
            Token t = c.next();
            if (previous != null) {
                value.append(source, previous.endOffset(), t.offset());
            }
            value.append(t.type() == TokenType.STRING ? Names.stringValue(t) : t.text());
            previous = t;
        }
        return value.toString();
    }

    private Statement reset(TokenCursor c, Span span) {
        c.expect("reset");
        if (c.is("role") || c.isSequence("session", "authorization")) {
            return new Statement.Other(c.is("role") ? "RESET ROLE" : "RESET SESSION AUTHORIZATION", span);
        }
        String parameter;
        if (c.accept("time", "zone")) {
            parameter = "timezone";
        } else if (c.accept("all")) {
            parameter = "all";
        } else {
            parameter = parameterName(c);
        }
        c.expectEnd();
        return new Statement.SetParameter(parameter, null, false, true, span);
    }

    // ---- data changes ----------------------------------------------------------------------

    private Statement update(TokenCursor c, Span span) {
        c.expect("update");
        QualifiedName table = relationWithInheritance(c);
        return new Statement.Update(table, c.findTopLevel("where") >= 0, span);
    }

    private Statement delete(TokenCursor c, Span span) {
        c.expect("delete");
        c.expect("from");
        QualifiedName table = relationWithInheritance(c);
        return new Statement.Delete(table, c.findTopLevel("where") >= 0, span);
    }

    private Statement insert(TokenCursor c, Span span) {
        c.expect("insert");
        c.expect("into");
        QualifiedName table = c.qualifiedName();
        if (c.accept("as")) {
            c.identifier();
        }
        if (c.is(TokenType.LPAREN) && !isQueryStart(c.peek(1))) {
            c.skipGroup();
        }
        if (c.accept("overriding")) {
            c.next();
            c.expect("value");
        }
        Token next = c.peek();
        if (next == null) {
            throw c.error("expected VALUES, a query or DEFAULT VALUES");
        }
        boolean fromQuery = isQueryStart(next) || next.type() == TokenType.LPAREN;
        if (!fromQuery && !next.is("values") && !next.is("default")) {
            throw c.error("expected VALUES, a query or DEFAULT VALUES");
        }
        return new Statement.Insert(table, fromQuery, span);
    }

    private static boolean isQueryStart(Token t) {
        return t != null && (t.is("select") || t.is("with") || t.is("table"));
    }

    /**
     * {@code WITH … main}: the main statement when it changes data; otherwise the first
     * data-changing CTE; otherwise {@code Other("WITH")}.
     */
    private Statement with(TokenCursor c, Span span) {
        c.expect("with");
        c.accept("recursive");
        List<TokenCursor> dataChangingCtes = new ArrayList<>();
        do {
            c.identifier();
            if (c.is(TokenType.LPAREN)) {
                c.skipGroup();
            }
            c.expect("as");
            c.accept("not");
            c.accept("materialized");
            int open = c.position();
            int close = c.skipGroup();
            Token first = c.tokens().get(open + 1);
            if (close > open + 1 && (first.is("update") || first.is("delete") || first.is("insert"))) {
                dataChangingCtes.add(new TokenCursor(source, c.tokens().subList(open + 1, close)));
            }
            searchAndCycleClauses(c);
        } while (c.accept(TokenType.COMMA));
        String main = c.word();
        if (main == null) {
            throw c.error("expected the statement after WITH");
        }
        switch (main) {
            case "update":
                return update(c, span);
            case "delete":
                return delete(c, span);
            case "insert":
                return insert(c, span);
            default:
                if (!dataChangingCtes.isEmpty()) {
                    TokenCursor cte = dataChangingCtes.get(0);
                    return statement(cte, span);
                }
                return new Statement.Other("WITH", span);
        }
    }

    /** {@code SEARCH … SET col} and {@code CYCLE … USING col} after a recursive CTE. */
    private static void searchAndCycleClauses(TokenCursor c) {
        if (c.accept("search")) {
            skipPast(c, "set");
            c.identifier();
        }
        if (c.accept("cycle")) {
            skipPast(c, "using");
            c.identifier();
        }
    }

    private static void skipPast(TokenCursor c, String keyword) {
        while (!c.atEnd() && !c.is(keyword)) {
            c.next();
        }
        c.expect(keyword);
    }

    /** {@code SELECT … INTO [TEMP|UNLOGGED] [TABLE] t …} creates a table (outside PL/pgSQL). */
    private Statement select(TokenCursor c, Span span) {
        int into = plpgsql ? -1 : c.findTopLevel("into");
        if (into < 0) {
            return new Statement.Other("SELECT", span);
        }
        c.seek(into + 1);
        Statement.Persistence persistence = Statement.Persistence.PERMANENT;
        c.accept("global");
        c.accept("local");
        if (c.accept("temp") || c.accept("temporary")) {
            persistence = Statement.Persistence.TEMPORARY;
        } else if (c.accept("unlogged")) {
            persistence = Statement.Persistence.UNLOGGED;
        }
        c.accept("table");
        QualifiedName name = c.qualifiedName();
        return new Statement.CreateTable(name, false, persistence, List.of(), List.of(), null, true, span);
    }

    // ---- DO --------------------------------------------------------------------------------

    private Statement doBlock(TokenCursor c, Span span) {
        c.expect("do");
        String language = null;
        Token body = null;
        while (!c.atEnd()) {
            if (c.accept("language")) {
                language = c.is(TokenType.STRING) ? Names.lowerAscii(Names.stringValue(c.next())) : c.identifier();
            } else if (body == null && (c.is(TokenType.STRING) || c.is(TokenType.DOLLAR_STRING))) {
                body = c.next();
            } else {
                throw c.error("unexpected '" + c.peek().text() + "' in DO");
            }
        }
        if (body == null) {
            throw c.error("DO without a code block");
        }
        if (language == null) {
            language = "plpgsql";
        }
        List<ParsedStatement> statements = language.equals("plpgsql")
                ? new PlpgsqlWalker(source).walk(body) : List.of();
        return new Statement.Do(language, statements, span);
    }
}

package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.ast.TypeName;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a data type and gives it PostgreSQL's canonical name (see {@link TypeName}). */
final class TypeParser {

    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("int4", "int4"),
            Map.entry("bigint", "int8"), Map.entry("int8", "int8"),
            Map.entry("smallint", "int2"), Map.entry("int2", "int2"),
            Map.entry("serial", "serial"), Map.entry("serial4", "serial"),
            Map.entry("bigserial", "bigserial"), Map.entry("serial8", "bigserial"),
            Map.entry("smallserial", "smallserial"), Map.entry("serial2", "smallserial"),
            Map.entry("real", "float4"), Map.entry("float4", "float4"), Map.entry("float8", "float8"),
            Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"), Map.entry("numeric", "numeric"),
            Map.entry("boolean", "bool"), Map.entry("bool", "bool"),
            Map.entry("varchar", "varchar"), Map.entry("bpchar", "bpchar"), Map.entry("nchar", "bpchar"),
            Map.entry("timestamptz", "timestamptz"), Map.entry("timetz", "timetz"),
            Map.entry("varbit", "varbit"));

    private static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second");

    private TypeParser() {}

    static TypeName type(TokenCursor c) {
        int start = c.position();
        if (!c.isIdentifier()) {
            throw c.error("expected a type name");
        }
        String name;
        List<String> modifiers = List.of();
        String word = c.word();
        if (word == null) {
            name = genericName(c);
            modifiers = modifiers(c);
        } else {
            switch (word) {
                case "double" -> {
                    c.next();
                    name = c.accept("precision") ? "float8" : "double";
                }
                case "character", "char", "national" -> {
                    c.next();
                    if (word.equals("national")) {
                        if (!c.accept("character")) {
                            c.expect("char");
                        }
                    }
                    name = c.accept("varying") ? "varchar" : "bpchar";
                    modifiers = modifiers(c);
                }
                case "bit" -> {
                    c.next();
                    name = c.accept("varying") ? "varbit" : "bit";
                    modifiers = modifiers(c);
                }
                case "time", "timestamp" -> {
                    c.next();
                    modifiers = modifiers(c);
                    boolean withZone = c.accept("with", "time", "zone");
                    if (!withZone) {
                        c.accept("without", "time", "zone");
                    }
                    name = withZone ? word + "tz" : word;
                }
                case "interval" -> {
                    c.next();
                    name = "interval";
                    while (c.isAnyOf(INTERVAL_FIELDS) || c.is("to")) {
                        c.next();
                    }
                    modifiers = modifiers(c);
                    while (c.isAnyOf(INTERVAL_FIELDS) || c.is("to")) {
                        c.next();
                        if (c.is(TokenType.LPAREN)) {
                            modifiers = modifiers(c);
                        }
                    }
                }
                case "float" -> {
                    c.next();
                    List<String> precision = modifiers(c);
                    int p = precision.size() == 1 ? parseInt(precision.get(0)) : -1;
                    name = p >= 1 && p <= 24 ? "float4" : "float8";
                }
                default -> {
                    name = genericName(c);
                    modifiers = modifiers(c);
                }
            }
        }
        int arrayDimensions = 0;
        while (true) {
            if (c.is(TokenType.LBRACKET)) {
                c.skipGroup();
                arrayDimensions++;
            } else if (c.is("array")) {
                c.next();
                arrayDimensions++;
                if (c.is(TokenType.LBRACKET)) {
                    c.skipGroup();
                }
            } else {
                break;
            }
        }
        if (c.isOperator("%") && (c.isAt(1, "type") || c.isAt(1, "rowtype"))) {
            c.next();
            name = name + "%" + Names.lowerAscii(c.next().text());
        }
        return new TypeName(name, modifiers, arrayDimensions, c.text(start, c.position()), c.span(start));
    }

    /**
     * A possibly qualified type name: unquoted single words (and {@code pg_catalog.} ones) are
     * mapped to their canonical spelling; the rest joined with dots as written.
     */
    private static String genericName(TokenCursor c) {
        Token first = c.peek();
        List<String> parts = new ArrayList<>(2);
        parts.add(c.identifier());
        boolean quotedLast = first.type() == TokenType.QUOTED_IDENT;
        while (c.is(TokenType.DOT) && (c.isAt(1, TokenType.WORD) || c.isAt(1, TokenType.QUOTED_IDENT))) {
            c.next();
            quotedLast = c.peek().type() == TokenType.QUOTED_IDENT;
            parts.add(c.identifier());
        }
        String last = parts.get(parts.size() - 1);
        boolean builtIn = parts.size() == 1 || (parts.size() == 2 && parts.get(0).equals("pg_catalog"));
        if (builtIn && !quotedLast) {
            return CANONICAL.getOrDefault(last, last);
        }
        if (builtIn && parts.size() == 2) {
            return last;
        }
        return String.join(".", parts);
    }

    /** {@code (a, b)} after a type name: each modifier's source text; empty when absent. */
    private static List<String> modifiers(TokenCursor c) {
        if (!c.is(TokenType.LPAREN)) {
            return List.of();
        }
        c.next();
        List<String> modifiers = new ArrayList<>(2);
        while (true) {
            int from = c.position();
            c.skipToComma();
            if (c.position() == from) {
                throw c.error("expected a type modifier");
            }
            modifiers.add(c.text(from, c.position()));
            if (c.accept(TokenType.RPAREN)) {
                return modifiers;
            }
            c.expect(TokenType.COMMA);
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

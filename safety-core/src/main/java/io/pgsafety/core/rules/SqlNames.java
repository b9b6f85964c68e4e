package io.pgsafety.core.rules;

import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names PostgreSQL gives objects the user did not name ({@code ChooseRelationName},
 * {@code ChooseConstraintName}, {@code makeObjectName} in its source), so safe alternatives can
 * spell out the object the original statement would have created. Inputs and outputs are
 * normalised (unquoted) names; render them with {@link Identifiers#quote}. PostgreSQL appends a
 * number when the name is already taken; that cannot be known here and is not modelled.
 */
public final class SqlNames {

    /** {@code NAMEDATALEN - 1}: longer identifiers are truncated to this many bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** Key words that can appear bare in a CHECK expression and are not column references. */
    private static final Set<String> EXPRESSION_WORDS = Set.of(
            "and", "or", "not", "is", "null", "true", "false", "unknown", "in", "between", "symmetric", "like",
            "ilike", "similar", "to", "escape", "any", "all", "some", "array", "case", "when", "then", "else", "end",
            "distinct", "from", "collate", "current_date", "current_time", "current_timestamp", "localtime",
            "localtimestamp", "current_user", "session_user", "user", "overlaps", "isnull", "notnull", "at",
            "time", "zone", "interval", "with", "without", "value");

    private SqlNames() {}

    /** {@code CREATE INDEX ON t (a, b)}: {@code t_a_b_idx}. */
    public static String index(String table, List<String> columns) {
        return makeObjectName(table, columnAddition(columns), "idx");
    }

    /** {@code UNIQUE (a, b)}: {@code t_a_b_key}. */
    public static String uniqueKey(String table, List<String> columns) {
        return makeObjectName(table, columnAddition(columns), "key");
    }

    /** {@code PRIMARY KEY}: {@code t_pkey}. */
    public static String primaryKey(String table) {
        return makeObjectName(table, null, "pkey");
    }

    /** {@code FOREIGN KEY (a)}: {@code t_a_fkey}. */
    public static String foreignKey(String table, List<String> columns) {
        return makeObjectName(table, columnAddition(columns), "fkey");
    }

    /** {@code EXCLUDE (a WITH =)}: {@code t_a_excl}. */
    public static String exclusion(String table, List<String> columns) {
        return makeObjectName(table, columnAddition(columns), "excl");
    }

    /**
     * {@code CHECK}: {@code t_a_check} when the expression references exactly one column
     * {@code a}, else {@code t_check}; pass null for {@code column} in the second case.
     */
    public static String check(String table, String column) {
        return makeObjectName(table, column, "check");
    }

    /**
     * The one column a CHECK expression references (which PostgreSQL puts in the constraint's
     * name), or null when it references none or several. Reads the tokens: identifiers that are
     * not key words, function names, cast target types or string-typed literals' type names.
     */
    public static String checkColumn(Expr expression) {
        if (expression == null) {
            return null;
        }
        List<Token> tokens = expression.tokens();
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String name = identifier(tokens.get(i));
            if (name == null || tokens.get(i).type() == TokenType.WORD && EXPRESSION_WORDS.contains(name)) {
                continue;
            }
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            boolean function = next != null && next.is(TokenType.LPAREN);
            boolean qualifier = next != null && next.is(TokenType.DOT);
            boolean castType = previous != null && previous.is(TokenType.DOUBLE_COLON);
            boolean typedLiteral = next != null && next.is(TokenType.STRING);
            if (!function && !qualifier && !castType && !typedLiteral) {
                columns.add(name);
            }
        }
        return columns.size() == 1 ? columns.iterator().next() : null;
    }

    /** The sequence of a {@code serial} column: {@code t_c_seq}. */
    public static String sequence(String table, String column) {
        return makeObjectName(table, column, "seq");
    }

    /** The {@code CHECK (c IS NOT NULL)} that lets {@code SET NOT NULL} skip its scan: {@code t_c_not_null}. */
    public static String notNullCheck(String table, String column) {
        return makeObjectName(table, column, "not_null");
    }

    /**
     * {@code name1_name2_label}, truncating the longer of {@code name1} and {@code name2} (null
     * when absent) until the whole fits in {@link #MAX_IDENTIFIER_BYTES}, as PostgreSQL does.
     */
    public static String makeObjectName(String name1, String name2, String label) {
        String first = name1 == null ? "" : name1;
        int overhead = 0;
        int firstBytes = utf8Length(first);
        int secondBytes = 0;
        if (name2 != null) {
            secondBytes = utf8Length(name2);
            overhead++;
        }
        if (label != null) {
            overhead += utf8Length(label) + 1;
        }
        int available = MAX_IDENTIFIER_BYTES - overhead;
        while (firstBytes + secondBytes > available) {
            if (firstBytes > secondBytes) {
                firstBytes--;
            } else {
                secondBytes--;
            }
        }
        StringBuilder name = new StringBuilder(clip(first, firstBytes));
        if (name2 != null) {
            name.append('_').append(clip(name2, secondBytes));
        }
        if (label != null) {
            name.append('_').append(label);
        }
        return name.toString();
    }

    /**
     * The column names PostgreSQL derives for the elements of an index column list (the tokens
     * between its parentheses, without them): a column's name, a function call's function name,
     * {@code expr} for other expressions; repeated names get a number ({@code a, a1}).
     */
    public static List<String> indexElementNames(List<Token> elementList) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (List<Token> element : splitTopLevel(elementList)) {
            String base = elementName(element);
            String name = base;
            for (int i = 1; !used.add(name); i++) {
                name = base + i;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The name PostgreSQL gives an unnamed {@code CREATE INDEX ON table [USING m] (…)}, read from
     * the statement's tokens; {@code table_idx} when the column list cannot be found.
     */
    public static String defaultIndexName(Statement.CreateIndex index, List<Token> statementTokens) {
        String table = index.table() == null ? "" : index.table().name();
        int i = 0;
        if (index.table() != null && index.table().span() != null) {
            int tableEnd = index.table().span().endOffset();
            while (i < statementTokens.size() && statementTokens.get(i).offset() < tableEnd) {
                i++;
            }
        }
        if (i + 1 < statementTokens.size() && statementTokens.get(i).is("using")) {
            i += 2;
        }
        if (i < statementTokens.size() && statementTokens.get(i).is(TokenType.LPAREN)) {
            int close = matchingParen(statementTokens, i);
            if (close > i + 1) {
                return index(table, indexElementNames(statementTokens.subList(i + 1, close)));
            }
        }
        return makeObjectName(table, null, "idx");
    }

    /** An index name as SQL, qualified with its table's schema (an index lives there). */
    public static String indexSql(QualifiedName table, String index) {
        String schema = table == null ? null : table.schema();
        return schema == null ? Identifiers.quote(index) : Identifiers.quote(schema) + "." + Identifiers.quote(index);
    }

    /** The normalised identifier a WORD or QUOTED_IDENT token spells, else null. */
    public static String identifier(Token token) {
        if (token.type() == TokenType.WORD) {
            return token.text().toLowerCase(Locale.ROOT);
        }
        if (token.type() == TokenType.QUOTED_IDENT) {
            String text = token.text();
            int open = text.indexOf('"');
            if (open >= 0 && text.length() >= open + 2 && text.endsWith("\"")) {
                return text.substring(open + 1, text.length() - 1).replace("\"\"", "\"");
            }
        }
        return null;
    }

    private static String columnAddition(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (String column : columns) {
            if (joined.length() > 0) {
                joined.append('_');
            }
            joined.append(column);
            if (utf8Length(joined.toString()) >= MAX_IDENTIFIER_BYTES) {
                break;
            }
        }
        return clip(joined.toString(), MAX_IDENTIFIER_BYTES);
    }

    /** Mirrors {@code FigureIndexColname}: column, function name (also under a cast), or {@code expr}. */
    private static String elementName(List<Token> element) {
        List<Token> tokens = element;
        while (tokens.size() >= 2 && tokens.get(0).is(TokenType.LPAREN)) {
            int close = matchingParen(tokens, 0);
            if (close < 0) {
                return "expr";
            }
            tokens = tokens.subList(1, close);
        }
        if (tokens.isEmpty()) {
            return "expr";
        }
        int start = 0;
        // schema-qualified function or table-qualified column: keep the last name part
        while (start + 2 < tokens.size() && identifier(tokens.get(start)) != null
                && tokens.get(start + 1).is(TokenType.DOT)) {
            start += 2;
        }
        String name = identifier(tokens.get(start));
        if (name == null) {
            return "expr";
        }
        if (start + 1 == tokens.size()) {
            return name;
        }
        Token next = tokens.get(start + 1);
        if (next.is(TokenType.LPAREN)) {
            int close = matchingParen(tokens, start + 1);
            return close < 0 || followedByExpression(tokens, close + 1) ? "expr" : name;
        }
        return followedByExpression(tokens, start + 1) ? "expr" : name;
    }

    /**
     * True when tokens from {@code from} continue the expression (an operator) rather than being
     * a cast, a collation, an operator class or ordering options, which keep the name.
     */
    private static boolean followedByExpression(List<Token> tokens, int from) {
        if (from >= tokens.size()) {
            return false;
        }
        Token next = tokens.get(from);
        return next.is(TokenType.OPERATOR) || next.is(TokenType.LBRACKET);
    }

    /** The index of the parenthesis that closes the one at {@code open}; -1 when it is never closed. */
    public static int matchingParen(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is(TokenType.LPAREN)) {
                depth++;
            } else if (tokens.get(i).is(TokenType.RPAREN) && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<List<Token>> splitTopLevel(List<Token> tokens) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(TokenType.LPAREN) || t.is(TokenType.LBRACKET)) {
                depth++;
            } else if (t.is(TokenType.RPAREN) || t.is(TokenType.RBRACKET)) {
                depth--;
            } else if (t.is(TokenType.COMMA) && depth == 0) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            parts.add(tokens.subList(start, tokens.size()));
        }
        return parts;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, on a character boundary. */
    private static String clip(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }
}

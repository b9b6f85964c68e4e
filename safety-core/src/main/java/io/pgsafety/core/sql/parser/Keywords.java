package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The leading key words that name a statement kind, for {@code Statement.Other}. */
final class Keywords {

    /** Words between {@code CREATE} and the object kind that do not name it. */
    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "or", "replace", "global", "local", "temp", "temporary", "unlogged", "unique", "trusted",
            "procedural", "recursive", "constraint", "default");

    /** Object kinds spelled with two or more words: first word → the words that may follow it. */
    private static final Map<String, Set<String>> MULTI_WORD_KINDS = Map.ofEntries(
            Map.entry("materialized", Set.of("view")),
            Map.entry("foreign", Set.of("table", "data", "schema")),
            Map.entry("data", Set.of("wrapper")),
            Map.entry("event", Set.of("trigger")),
            Map.entry("text", Set.of("search")),
            Map.entry("search", Set.of("configuration", "dictionary", "parser", "template")),
            Map.entry("user", Set.of("mapping")),
            Map.entry("access", Set.of("method")),
            Map.entry("large", Set.of("object")),
            Map.entry("default", Set.of("privileges")),
            Map.entry("owned", Set.of("by")),
            Map.entry("operator", Set.of("class", "family")),
            Map.entry("comment", Set.of("on")),
            Map.entry("security", Set.of("label")),
            Map.entry("import", Set.of("foreign")),
            Map.entry("reassign", Set.of("owned")));

    private Keywords() {}

    /**
     * Upper-case key words naming the statement: {@code "GRANT"}, {@code "COMMENT ON"},
     * {@code "CREATE FUNCTION"} (modifiers such as {@code OR REPLACE} left out),
     * {@code "ALTER DEFAULT PRIVILEGES"}.
     */
    static String of(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.get(0).type() != TokenType.WORD) {
            return "";
        }
        String command = Names.lowerAscii(tokens.get(0).text());
        StringBuilder sb = new StringBuilder(Names.upperAscii(command));
        int i = 1;
        if (command.equals("create") || command.equals("alter") || command.equals("drop")) {
            if (command.equals("create")) {
                while (i < tokens.size() && isWordIn(tokens.get(i), CREATE_MODIFIERS)
                        && !(tokens.get(i).is("default") && i + 1 < tokens.size() && tokens.get(i + 1).is("privileges"))) {
                    i++;
                }
            }
            if (i >= tokens.size() || tokens.get(i).type() != TokenType.WORD) {
                return sb.toString();
            }
            String kind = Names.lowerAscii(tokens.get(i).text());
            sb.append(' ').append(Names.upperAscii(kind));
            i++;
            appendFollowers(tokens, i, kind, sb);
        } else {
            appendFollowers(tokens, i, command, sb);
        }
        return sb.toString();
    }

    private static void appendFollowers(List<Token> tokens, int i, String word, StringBuilder sb) {
        String current = word;
        while (i < tokens.size()) {
            Set<String> followers = MULTI_WORD_KINDS.get(current);
            Token next = tokens.get(i);
            if (followers == null || !isWordIn(next, followers)) {
                return;
            }
            current = Names.lowerAscii(next.text());
            sb.append(' ').append(Names.upperAscii(current));
            i++;
        }
    }

    private static boolean isWordIn(Token t, Set<String> words) {
        return t.type() == TokenType.WORD && words.contains(Names.lowerAscii(t.text()));
    }
}

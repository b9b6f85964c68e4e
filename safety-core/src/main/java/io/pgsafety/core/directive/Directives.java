package io.pgsafety.core.directive;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code safety:} directives out of comment tokens. */
public final class Directives {

    private static final Pattern DIRECTIVE = Pattern.compile(
            "safety:(allow-file|allow|irreversible)\\b\\s*((?!reason\\s*=)[^\\s\"]+)?\\s*(?:reason\\s*=\\s*\"([^\"]*)\")?");

    private Directives() {}

    /** The directive in {@code comment}, if it holds one (first one only). */
    public static Optional<Directive> parse(Token comment) {
        if (!comment.text().contains("safety:")) {
            return Optional.empty();
        }
        String body = commentBody(comment);
        int at = body.indexOf("safety:");
        if (at < 0) {
            return Optional.empty();
        }
        Matcher m = DIRECTIVE.matcher(body);
        if (!m.find(at) || m.start() != at) {
            return Optional.empty();
        }
        Directive.Kind kind = switch (m.group(1)) {
            case "allow-file" -> Directive.Kind.ALLOW_FILE;
            case "allow" -> Directive.Kind.ALLOW;
            default -> Directive.Kind.IRREVERSIBLE;
        };
        List<String> rules = new ArrayList<>();
        String ids = m.group(2);
        if (ids != null && !ids.isBlank()) {
            Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(rules::add);
        }
        String reason = m.group(3);
        if (reason != null && reason.isBlank()) {
            reason = null;
        }
        return Optional.of(new Directive(kind, rules, reason, Span.of(comment)));
    }

    public static List<Directive> parseAll(List<Token> comments) {
        if (comments.isEmpty()) {
            return List.of();
        }
        List<Directive> out = new ArrayList<>();
        for (Token t : comments) {
            parse(t).ifPresent(out::add);
        }
        return out;
    }

    private static String commentBody(Token comment) {
        String text = comment.text();
        if (comment.type() == TokenType.LINE_COMMENT) {
            return text.substring(Math.min(2, text.length())).trim();
        }
        if (comment.type() == TokenType.BLOCK_COMMENT) {
            String inner = text.length() >= 4 && text.endsWith("*/") ? text.substring(2, text.length() - 2) : text;
            return inner.trim();
        }
        return text;
    }
}

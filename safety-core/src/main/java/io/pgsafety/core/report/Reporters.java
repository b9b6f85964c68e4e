package io.pgsafety.core.report;

import java.util.List;
import java.util.Locale;

/** The report formats by name, as {@code --format} spells them. */
public final class Reporters {

    public static final List<String> FORMATS = List.of("text", "json", "sarif", "github");

    private Reporters() {}

    /** The reporter for {@code format}; text without colours. */
    public static Reporter forFormat(String format) {
        return forFormat(format, false);
    }

    /**
     * The reporter for {@code format} ({@link #FORMATS}); {@code color} applies to text only.
     *
     * @throws IllegalArgumentException for an unknown format, naming the known ones
     */
    public static Reporter forFormat(String format, boolean color) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> new TextReporter(color);
            case "json" -> new JsonReporter();
            case "sarif" -> new SarifReporter();
            case "github" -> new GithubReporter();
            default -> throw new IllegalArgumentException(
                    "unknown format '" + format + "' (expected one of " + String.join(", ", FORMATS) + ")");
        };
    }
}

package io.pgsafety.test;

import io.pgsafety.core.analysis.Migration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two examples of a rule's docs page ({@code docs/rules/<id>.md}, folder from the system
 * property {@code safety.docs}): the {@code ## Bad} block and the {@code ## Safe alternative}
 * block, split into its {@code -- Migration N:} parts, each with the options comment that may
 * precede it ({@code <!-- options: pg=10 kind=up tx=wrapped -->}).
 */
record RulePage(String id, Example bad, Example safe) {

    private static final Pattern OPTIONS = Pattern.compile("<!--\\s*options:([^>]*?)-->");

    /** One {@code ```sql} block and how its page says it runs. */
    record Example(String sql, OptionalInt pg, Migration.Kind kind, Migration.TransactionMode tx) {

        /** The parts that are separate migrations ({@code -- Migration N:} header lines). */
        List<String> migrations() {
            List<String> parts = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : sql.split("\n", -1)) {
                if (line.startsWith("-- Migration ") && !current.toString().isBlank()) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
                current.append(line).append('\n');
            }
            parts.add(current.toString());
            return parts;
        }
    }

    static Path docsDir() {
        return Path.of(System.getProperty("safety.docs", "../docs/rules"));
    }

    static RulePage read(String id) {
        Path page = docsDir().resolve(id + ".md");
        try {
            String text = Files.readString(page);
            return new RulePage(id, section(text, "## Bad", page), section(text, "## Safe alternative", page));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the docs page of " + id, e);
        }
    }

    private static Example section(String page, String heading, Path file) {
        int at = page.indexOf("\n" + heading + "\n");
        if (at < 0) {
            throw new IllegalStateException(file + " has no " + heading + " section");
        }
        int next = page.indexOf("\n## ", at + heading.length() + 1);
        String body = page.substring(at, next < 0 ? page.length() : next);
        int open = body.indexOf("```sql\n");
        if (open < 0) {
            throw new IllegalStateException(file + ": no ```sql block under " + heading);
        }
        int close = body.indexOf("\n```", open + 7);
        OptionalInt pg = OptionalInt.empty();
        Migration.Kind kind = Migration.Kind.PLAIN;
        Migration.TransactionMode tx = Migration.TransactionMode.AUTOCOMMIT;
        Matcher m = OPTIONS.matcher(body.substring(0, open));
        if (m.find()) {
            for (String option : m.group(1).trim().split("\\s+")) {
                String[] kv = option.split("=", 2);
                String value = kv.length > 1 ? kv[1].toUpperCase(Locale.ROOT).replace('-', '_') : "";
                switch (kv[0]) {
                    case "pg" -> pg = OptionalInt.of(Integer.parseInt(kv[1]));
                    case "kind" -> kind = Migration.Kind.valueOf(value);
                    case "tx" -> tx = Migration.TransactionMode.valueOf(value);
                    default -> throw new IllegalStateException(file + ": unknown option " + option);
                }
            }
        }
        return new Example(body.substring(open + 7, close + 1), pg, kind, tx);
    }
}

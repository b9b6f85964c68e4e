package io.pgsafety.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.LockMode.Blocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Hand-made findings that exercise every part of the reports, and golden-file comparison. */
final class ReportFixtures {

    private ReportFixtures() {}

    @RuleInfo(id = "create-index-non-concurrent", severity = Severity.ERROR, category = Category.LOCKS,
            summary = "CREATE INDEX without CONCURRENTLY on an existing table", lock = LockMode.SHARE)
    private static final class CreateIndex {}

    /** Rule metadata for the fixture ids, independent of which rules the build registers. */
    static final Function<String, RuleInfo> RULES = id -> id.equals("create-index-non-concurrent")
            ? CreateIndex.class.getAnnotation(RuleInfo.class) : null;

    static final String V3 = """
            -- orders by customer
            CREATE INDEX orders_customer_idx ON orders (customer_id);
            """;

    static final String V4 = "ALTER TABLE orders\n"
            + "\tADD CONSTRAINT orders_customer_fk\n"
            + "\tFOREIGN KEY (customer_id) REFERENCES customers (id);\n"
            + "UPDATE orders\n"
            + "SET a = 1,\n"
            + "    b = 2,\n"
            + "    c = 3,\n"
            + "    d = 4,\n"
            + "    e = 5\n"
            + "WHERE id < 10;\n";

    static AnalysisResult sample() {
        List<Finding> findings = List.of(
                new Finding("db/migration/V3__idx.sql", 2, 1, 2, 57, "create-index-non-concurrent", Severity.ERROR,
                        false, null, "public.orders", LockMode.SHARE, List.of(Blocks.WRITES, Blocks.DDL),
                        "CREATE INDEX without CONCURRENTLY holds a SHARE lock on public.orders for the whole index"
                                + " build: every INSERT, UPDATE and DELETE on the table waits until the index is"
                                + " built, which on a large table takes minutes.",
                        "-- Migration 1: build the index without blocking writes (outside a transaction)\n"
                                + "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);",
                        "db/migration/V3__idx.sql"),
                new Finding("db/migration/V4 fk, \"quoted\".sql", 1, 1, 3, 53, "add-foreign-key-validated",
                        Severity.WARNING, false, null, "public.orders", LockMode.SHARE_ROW_EXCLUSIVE,
                        List.of(Blocks.WRITES, Blocks.DDL),
                        "Adding a validated foreign key scans public.orders. Both tables stay locked for writes"
                                + " during the scan.",
                        "-- Migration 1: add the constraint without the scan\n"
                                + "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)"
                                + " REFERENCES customers (id) NOT VALID;\n\n"
                                + "-- Migration 2: validate without blocking writes\n"
                                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
                        "db/migration/V4 fk, \"quoted\".sql"),
                new Finding("db/migration/V4 fk, \"quoted\".sql", 4, 1, 10, 13, "unbatched-data-change",
                        Severity.ERROR, true, "table has 12 rows: \"config\" \\ lookup", "public.orders", null,
                        List.of(), "UPDATE without batching\ntouches every row in one transaction.", null,
                        "db/migration/V4 fk, \"quoted\".sql"),
                new Finding("gone.sql", 7, 3, 7, 9, "unparsed-statement", Severity.WARNING, false, null, null, null,
                        List.of(), "Could not parse: odd \u0001 control, line\u2028separator, lone \ud800"
                                + " surrogate, pair \ud83d\ude00, tab\tend.", null, "gone.sql"));
        return new AnalysisResult(3, 5, findings, Map.of(
                "db/migration/V3__idx.sql", V3,
                "db/migration/V4 fk, \"quoted\".sql", V4));
    }

    static String render(Reporter reporter, AnalysisResult result) {
        StringBuilder sb = new StringBuilder();
        try {
            reporter.write(result, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /**
     * Compares with {@code golden/<name>}; run with {@code -Dgolden.update=true} to rewrite the
     * golden file from the current output (then review the diff).
     */
    static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", name);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's main, run once: what it shows is what happened. */
class DemoTest {

    private static String output;

    @BeforeAll
    static void runTheDemo() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Demo.run(new PrintStream(captured, true, StandardCharsets.UTF_8));
        output = captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flywayBlocksTheDraftBeforeAnythingRuns() {
        assertThat(step("Flyway", 1))
                .contains("pg-safety blocked this migrate before any migration ran: nothing was applied.")
                .contains("db/flyway/draft/V3__orders_customer_index.sql:1:1: error[create-index-non-concurrent]")
                .contains("CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);")
                .contains("Nothing was applied, not even V2: flyway_schema_history holds version 1 only;"
                        + " orders has no column status.");
    }

    @Test
    void flywayAppliesTheFixWithTheLockTimeoutAndTheConcurrentBuildOutsideATransaction() {
        assertThat(step("Flyway", 2))
                .contains("Migrating schema \"public\" to version \"3 - orders customer index\" [non-transactional]")
                .containsPattern("lock_timeout 2s +ALTER TABLE orders ADD COLUMN status")
                .containsPattern("lock_timeout 2s +CREATE INDEX CONCURRENTLY orders_customer_id_idx")
                .contains("orders_customer_id_idx: valid, built outside a transaction");
    }

    @Test
    void liquibaseBlocksTheDraftBeforeAnythingRuns() {
        assertThat(step("Liquibase", 1))
                .contains("liquibase update fails (exit code 1)")
                .contains("pg-safety blocked the update: 2 findings in pending changesets; nothing was applied.")
                .contains("changeset db/liquibase/draft.xml::3::shop (createIndex): create-index-non-concurrent (error)")
                .contains("Nothing was applied, not even changeset 2: DATABASECHANGELOG holds changeset 1 only;"
                        + " orders has no column status.")
                .doesNotContain("ERROR: Exception Details");
    }

    @Test
    void liquibaseAppliesTheFixWithTheConcurrentBuildOutsideATransaction() {
        assertThat(step("Liquibase", 2))
                .contains("Running Changeset: db/liquibase/fixed.xml::3::shop")
                .containsPattern("lock_timeout 2s +ALTER TABLE public.orders ADD status")
                .containsPattern("lock_timeout 2s +CREATE INDEX CONCURRENTLY orders_customer_id_idx")
                .contains("orders_customer_id_idx: valid, built outside a transaction");
    }

    @Test
    void endsWithPlacesThatExist() {
        String next = section("Where to look next");
        Matcher path = Pattern.compile("^  ([\\w./-]+/?)\\s", Pattern.MULTILINE).matcher(next);
        int paths = 0;
        while (path.find()) {
            assertThat(Files.exists(Repository.root().resolve(path.group(1)))).as(path.group(1)).isTrue();
            paths++;
        }
        assertThat(paths).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theDocsExcerptsOfItsOutputAreWhatItPrints() throws Exception {
        List<String> printed = output.lines().map(String::strip).toList();
        for (CodeBlock excerpt : DocsCodeBlocksTest.checkedBlocks()) {
            if (!DocsCodeBlocksTest.DEMO_OUTPUT.equals(excerpt.comment())) {
                continue;
            }
            int at = 0;
            for (String line : excerpt.lines()) {
                String expected = line.strip();
                if (expected.isEmpty() || expected.equals("…")) {
                    continue;
                }
                int found = printed.subList(at, printed.size()).indexOf(expected);
                assertThat(found).as("%s: \"%s\" printed (after the excerpt's previous lines)",
                        excerpt.where(Repository.root()), expected).isNotNegative();
                at += found + 1;
            }
        }
    }

    /** The output under the {@code ── name} heading, up to the next heading. */
    private static String section(String name) {
        return between(output, "\n── " + name, "\n── ");
    }

    /** Step {@code n} of a tool's section. */
    private static String step(String tool, int n) {
        return between(section(tool), "\n" + n + ". ", "\n" + (n + 1) + ". ");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("\"%s\" in the output", start.strip()).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        return text.substring(from, to < 0 ? text.length() : to);
    }
}

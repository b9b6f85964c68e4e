package io.pgsafety.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Apache Fineract's Liquibase changelogs (shared corpus, {@code fineract-liquibase}) through the
 * command line: read without an error, filtered by context, findings where the changelogs have
 * them. Skipped when the corpus is absent.
 */
class ChangelogCorpusTest {

    /** The two module changelogs the master includes by a path outside the corpus. */
    private static final String MISSING_MODULES = "safety: warning: The file db/changelog/tenant/module/";

    @Test
    void fineractTenantSchemaOnPostgresql() {
        Path fineract = fineract();

        CliRun r = CliRun.of("lint", "--format", "json", "--contexts", "tenant_db,postgresql", fineract.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(2).allMatch(line -> line.startsWith(MISSING_MODULES));
        assertThat(r.findings()).contains(
                "0004_camelcase_column_renaming.xml:26:rename-column",
                "0024_add_audit_entries.xml:39:set-not-null",
                "0032_add_some_missing_indexes.xml:26:create-index-non-concurrent",
                "0043_add_external_event_table.xml:54:create-index-non-concurrent",
                "0045_external_event_table_data_binary.xml:37:add-column-not-null-no-default",
                "0000_upgrade_to_1.6.xml:74:unparsed-statement");
        // context="mysql" changesets are left out, and so is the initial_switch schema
        assertThat(r.findings()).noneMatch(f -> f.startsWith("0045_external_event_table_data_binary.xml:30:")
                || f.startsWith("0001_initial_schema.xml:"));
        System.out.println("fineract tenant_db,postgresql: " + countsPerRule(r));
    }

    private static Path fineract() {
        Path corpus = Path.of(System.getProperty("safety.corpus", "../../shared/corpus"), "fineract-liquibase");
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus + "; skipped");
        return corpus;
    }

    private static Map<String, Integer> countsPerRule(CliRun r) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String finding : r.findings()) {
            counts.merge(finding.substring(finding.lastIndexOf(':') + 1), 1, Integer::sum);
        }
        return counts;
    }
}

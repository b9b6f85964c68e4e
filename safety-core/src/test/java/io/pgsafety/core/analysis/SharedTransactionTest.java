package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.SafetyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Migrations that share one transaction (Flyway's group=true): what one locks, the next ones run under. */
class SharedTransactionTest {

    private static final String LOCK_HELD = "statements-after-access-exclusive";

    @Test
    void aLockTakenInOneMigrationIsHeldThroughTheNextOnes() {
        List<Finding> findings = analyze(
                up("V1__note.sql", "CREATE TABLE audit_log (id bigint);\nALTER TABLE orders ADD COLUMN note text;", true),
                up("V2__backfill.sql", "UPDATE customers SET tier = 'gold' WHERE spend > 1000;", true),
                up("V3__more.sql", "UPDATE customers SET tier = 'silver' WHERE spend > 500;", true));

        assertThat(findings).filteredOn(f -> f.rule().equals(LOCK_HELD)).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("V2__backfill.sql");
            assertThat(f.message()).contains("line 2 of V1__note.sql", "lock on orders", "group=true");
            assertThat(f.safeAlternative()).endsWith("apply each in a migrate of its own.");
        });
    }

    @Test
    void withoutSharingEachMigrationCommitsWhatItLocked() {
        List<Finding> findings = analyze(
                up("V1__note.sql", "ALTER TABLE orders ADD COLUMN note text;", false),
                up("V2__backfill.sql", "UPDATE customers SET tier = 'gold' WHERE spend > 1000;", false));

        assertThat(findings).noneMatch(f -> f.rule().equals(LOCK_HELD));
    }

    @Test
    void anUndoBetweenThemIsNotPartOfTheSharedTransaction() {
        List<Finding> findings = analyze(
                up("V1__note.sql", "ALTER TABLE orders ADD COLUMN note text;", true),
                Migration.builder("U1__note.sql", "ALTER TABLE orders DROP COLUMN note;").kind(Migration.Kind.DOWN)
                        .transactionMode(Migration.TransactionMode.WRAPPED).build(),
                up("V2__backfill.sql", "UPDATE customers SET tier = 'gold' WHERE spend > 1000;", true));

        assertThat(findings).filteredOn(f -> f.rule().equals(LOCK_HELD)).extracting(Finding::file)
                .containsExactly("V2__backfill.sql");
    }

    @Test
    void validatingInALaterMigrationOfTheSameTransactionStillHoldsTheAddConstraintLock() {
        List<Finding> findings = analyze(
                up("V1__check.sql", "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;", true),
                up("V2__validate.sql", "ALTER TABLE orders VALIDATE CONSTRAINT positive;", true));

        assertThat(findings).filteredOn(f -> f.rule().equals("validate-in-same-transaction")).singleElement()
                .satisfies(f -> {
                    assertThat(f.file()).isEqualTo("V2__validate.sql");
                    assertThat(f.safeAlternative()).endsWith("apply each in a migrate of its own.");
                });
    }

    private static Migration up(String path, String sql, boolean shared) {
        return Migration.builder(path, sql).kind(Migration.Kind.UP)
                .transactionMode(Migration.TransactionMode.WRAPPED).sharedTransaction(shared).build();
    }

    private static List<Finding> analyze(Migration... migrations) {
        return new Analyzer(SafetyConfig.defaults(), Catalog.NONE).analyze(List.of(migrations)).findings();
    }
}

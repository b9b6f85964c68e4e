package io.pgsafety.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeAlternativeTest {

    @Test
    void migrationsAreNumberedAndTerminated() {
        assertThat(SafeAlternative.builder().migration("add it", "ALTER TABLE t ADD COLUMN c text")
                .step("deploy the code").migration("use it", "UPDATE t SET c = 'x';").build())
                .isEqualTo("-- Migration 1: add it\nALTER TABLE t ADD COLUMN c text;\n\n-- Then: deploy the code\n\n"
                        + "-- Migration 2: use it\nUPDATE t SET c = 'x';");
    }

    @Test
    void inASharedTransactionOnlyAnAlternativeOfSeveralMigrationsSaysToSplitTheRun() {
        String one = SafeAlternative.builder().migration("build it", "CREATE INDEX CONCURRENTLY i ON t (c)").build();
        String two = SafeAlternative.builder().migration("a", "SELECT 1").migration("b", "SELECT 2").build();

        assertThat(SafeAlternative.forSharedTransaction(one)).isEqualTo(one);
        assertThat(SafeAlternative.forSharedTransaction(null)).isNull();
        assertThat(SafeAlternative.forSharedTransaction(two)).startsWith(two)
                .endsWith("apply each in a migrate of its own.");
    }
}

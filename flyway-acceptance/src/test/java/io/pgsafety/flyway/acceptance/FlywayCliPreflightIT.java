package io.pgsafety.flyway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import io.pgsafety.testsupport.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pre-flight in the real Flyway command line, configured by {@code flyway.conf} and by
 * {@code flyway.toml} ({@code examples/flyway-cli}), with the drop-in jar in {@code lib/plugins/}
 * and no {@code flyway.callbacks} line.
 */
@WithPostgres(version = 18)
class FlywayCliPreflightIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"flyway.conf", "flyway.toml"})
    void anUnsafeThirdPendingMigrationStopsTheRunBeforeAnythingIsApplied(String configFile, TestDatabase database)
            throws Exception {
        Example.copyInto(work);
        Example.useUnsafeVersion4(work);
        FlywayCli flyway = new FlywayCli(work, configFile, database);
        assertThat(flyway.run("migrate", "-target=1").exitCode()).isZero();

        Commands.Result blocked = flyway.run("migrate");

        assertThat(blocked.exitCode()).as(blocked.toString()).isNotZero();
        assertThat(blocked.output())
                .contains("pg-safety blocked this migrate before any migration ran: nothing was applied")
                .contains("migrations/" + Example.UNSAFE_V4 + ":2:1: error[create-index-non-concurrent]")
                .contains("CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)")
                .contains("migrations/" + Example.UNSAFE_V4 + ":3:")
                .contains("error[change-column-type]")
                .contains("lock: SHARE on orders");
        assertThat(blocked.output().split("safe alternative", -1)).hasSizeGreaterThan(2);
        assertThat(Example.appliedVersions(database)).containsExactly("1");
        assertThat(Example.query(database, "SELECT to_regclass('customers')")).isNull();
        assertThat(work.resolve("pg-safety-report.json")).content().contains("\"rule\": \"change-column-type\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flyway.conf", "flyway.toml"})
    void anUnknownSafetyKeyFailsNamingIt(String configFile, TestDatabase database) throws Exception {
        Example.copyInto(work);
        Files.writeString(work.resolve(configFile), configFile.endsWith(".toml")
                ? "lockTimout = \"3s\"\n" : "flyway.safety.lockTimout=3s\n", StandardOpenOption.APPEND);

        Commands.Result result = new FlywayCli(work, configFile, database).run("migrate");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.output()).contains("lockTimout");
        assertThat(Example.appliedVersions(database)).isEmpty();
    }
}

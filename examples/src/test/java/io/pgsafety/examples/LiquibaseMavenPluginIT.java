package io.pgsafety.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import io.pgsafety.testsupport.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/liquibase-maven}: {@code mvn liquibase:update} with pg-safety's drop-in jar as
 * a dependency of the Liquibase Maven plugin, run by the Maven that runs this build, in a copy of
 * the example. The release applies; the next release's unsafe draft stops before anything runs.
 */
@WithPostgres(version = 18)
class LiquibaseMavenPluginIT {

    private static final String UNSAFE_CHANGESET = "db/changes/003-index-orders-by-date.xml::3::shop";

    @TempDir
    Path project;

    @Test
    void updateAppliesTheReleaseAndBlocksTheUnsafeDraftOfTheNext(TestDatabase database) throws Exception {
        Path example = Commands.fromProperty("pg-safety.root").resolve("examples/liquibase-maven");
        Commands.copyTree(example, project);

        Commands.Result release = update(database);

        assertThat(release.exitCode()).as(release.toString()).isZero();
        assertThat(release.output()).contains("pg-safety: running db/changes/002-index-orders-by-customer.xml::2::shop"
                + " outside a transaction: it has a CONCURRENTLY statement");
        assertThat(appliedChangesets(database)).containsExactly("1", "2");
        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_id_idx'::regclass"))
                .isEqualTo("t");

        Files.copy(project.resolve("unsafe/003-index-orders-by-date.xml"),
                project.resolve("src/main/resources/db/changes/003-index-orders-by-date.xml"));
        Commands.Result draft = update(database);

        assertThat(draft.exitCode()).as(draft.toString()).isNotZero();
        assertThat(draft.output())
                .contains("pg-safety blocked the update: 2 findings in pending changesets; nothing was applied.")
                .contains("- changeset " + UNSAFE_CHANGESET + " (createIndex): create-index-non-concurrent (error) on orders")
                .contains("CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);")
                .contains("BUILD FAILURE");
        assertThat(appliedChangesets(database)).containsExactly("1", "2");
        assertThat(query(database, "SELECT to_regclass('orders_created_at_idx')")).isNull();
    }

    /** What the example's README says to run, with the test database and the drop-in jar of this build. */
    private Commands.Result update(TestDatabase database) throws IOException, InterruptedException {
        Path jar = Commands.fromProperty("pg-safety.root").resolve("liquibase-extension/target/safety-liquibase.jar");
        assertThat(jar).as("built by liquibase-extension's package phase").isRegularFile();
        return Commands.maven(project, List.of("-B", "-ntp", "liquibase:update",
                "-Ddb.url=" + database.jdbcUrl(), "-Ddb.username=" + database.user(), "-Ddb.password=" + database.password(),
                "-Dpg-safety.liquibase.jar=" + jar));
    }

    private static List<String> appliedChangesets(TestDatabase database) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.open(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

package io.pgsafety.examples.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The application starts on a real PostgreSQL; Liquibase updates during the start, pg-safety checks first. */
@WithPostgres(version = 18)
@ExtendWith(OutputCaptureExtension.class)
class ShopApplicationTest {

    @Test
    void safeChangesetsApply(TestDatabase database) throws Exception {
        start(database).close();

        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
        assertThat(query(database, "SELECT count(*) FROM databasechangelog")).isEqualTo("2");
    }

    @Test
    void unsafePendingChangesetsStopTheStartBeforeAnythingIsApplied(TestDatabase database, CapturedOutput output)
            throws Exception {
        start(database).close();

        assertThatThrownBy(() -> start(database, "--spring.liquibase.change-log=classpath:db/changelog/unsafe.yaml"))
                .rootCause()
                .hasMessageContaining("pg-safety blocked the update: 2 findings in pending changesets; nothing was applied.")
                .hasMessageContaining("changeset db/changelog/unsafe.yaml::3::shop (createIndex): create-index-non-concurrent (error)")
                // an error because application.properties makes it one (the rule is off by default)
                .hasMessageContaining("changeset db/changelog/unsafe.yaml::4::shop (addColumn): prefer-timestamptz (error)");

        assertThat(query(database, "SELECT count(*) FROM databasechangelog")).isEqualTo("2");
        assertThat(query(database, "SELECT to_regclass('orders_placed_at_idx')")).isNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("or set pg-safety.liquibase.mode=warn to report without blocking.");
    }

    private static ConfigurableApplicationContext start(TestDatabase database, String... arguments) {
        String[] all = new String[arguments.length + 3];
        all[0] = "--spring.datasource.url=" + database.jdbcUrl();
        all[1] = "--spring.datasource.username=" + database.user();
        all[2] = "--spring.datasource.password=" + database.password();
        System.arraycopy(arguments, 0, all, 3, arguments.length);
        return SpringApplication.run(ShopApplication.class, all);
    }

    private static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

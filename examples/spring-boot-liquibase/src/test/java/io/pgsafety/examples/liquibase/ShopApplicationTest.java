package io.pgsafety.examples.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The application starts on a real PostgreSQL; Liquibase updates during the start, pg-safety checks first. */
@WithPostgres(version = 18)
@ExtendWith(OutputCaptureExtension.class)
class ShopApplicationTest {

    @Test
    void safeChangesetsApply(TestDatabase database) {
        start(database).close();

        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
        assertThat(query(database, "SELECT count(*) FROM databasechangelog")).isEqualTo("2");
    }

    @Test
    void unsafePendingChangesetsStopTheStartBeforeAnythingIsApplied(TestDatabase database, CapturedOutput output) {
        start(database).close();

        assertThatThrownBy(() -> start(database, "--spring.liquibase.change-log=classpath:db/changelog/unsafe.yaml"))
                .rootCause()
                .hasMessageContaining("pg-safety blocked the update: 3 findings in pending changesets; nothing was applied.")
                .hasMessageContaining("changeset db/changelog/unsafe.yaml::3::shop (createIndex): create-index-non-concurrent (error)")
                // an error because application.properties makes it one (the rule is off by default)
                .hasMessageContaining("changeset db/changelog/unsafe.yaml::4::shop (addColumn): prefer-timestamptz (error)");

        assertThat(query(database, "SELECT count(*) FROM databasechangelog")).isEqualTo("2");
        assertThat(query(database, "SELECT count(*) FROM pg_class WHERE relname = 'orders_placed_at_idx'")).isEqualTo("0");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("or set pg-safety.liquibase.mode=warn to report without blocking.");
    }

    /** Starts the application on the test's database: the command line overrides application.properties. */
    private static ConfigurableApplicationContext start(TestDatabase database, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        all.addAll(List.of(arguments));
        return SpringApplication.run(ShopApplication.class, all.toArray(String[]::new));
    }

    private static String query(TestDatabase database, String sql) {
        return JdbcClient.create(database.dataSource()).sql(sql).query(String.class).single();
    }
}

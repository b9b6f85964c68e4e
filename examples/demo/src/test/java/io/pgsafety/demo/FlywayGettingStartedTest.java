package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.flyway.SafetyCallback;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of docs/flyway.md, as written there: with pg-safety on the class path, an
 * application's own {@code migrate()} stops before an unsafe pending migration.
 */
class FlywayGettingStartedTest {

    private static EmbeddedPostgres server;
    private static int databases;

    private String url;
    private final String user = ShopDatabase.USER;
    private final String password = ShopDatabase.PASSWORD;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** A database where V1 (the orders table) was applied by an earlier deploy; V2 is pending. */
    @BeforeEach
    void databaseAtVersionOne() throws Exception {
        url = ShopDatabase.create(server, "getting_started_" + ++databases).url();
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("1")
                .load().migrate();
    }

    @Test
    void thePluginOnTheClassPathChecksEveryPendingMigration() {
        assertThatThrownBy(() -> {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .load();
            flyway.migrate(); // pg-safety checks every pending migration before the first one runs
        }).isInstanceOf(FlywayException.class)
                .hasMessageContaining("V2__orders_customer_index.sql:1:1: error[create-index-non-concurrent]");
    }

    @Test
    void anExplicitCallbackTakesItsSettingsInCode() {
        assertThatThrownBy(() -> {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .callbacks(new SafetyCallback(SafetyConfig.builder().lockTimeout(Duration.ofSeconds(5)).build()))
                    .load();
            flyway.migrate();
        }).isInstanceOf(FlywayException.class)
                .hasMessageContaining("error[create-index-non-concurrent]");
    }
}

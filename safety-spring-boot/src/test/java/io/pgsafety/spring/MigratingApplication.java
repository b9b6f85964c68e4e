package io.pgsafety.spring;

import io.pgsafety.test.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** An application with nothing but auto-configuration: Boot's Flyway or Liquibase, and ours. */
@SpringBootConfiguration
@EnableAutoConfiguration
class MigratingApplication {

    /** Starts the application on {@code database}; its migrations run during the start. */
    static ConfigurableApplicationContext start(TestDatabase database, String... properties) {
        return new SpringApplicationBuilder(MigratingApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password())
                .properties(properties)
                .run();
    }

    /** Starts and stops the application: its migrations are then applied. */
    static void migrate(TestDatabase database, String... properties) {
        start(database, properties).close();
    }

    static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}

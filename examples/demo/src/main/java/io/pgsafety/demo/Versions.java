package io.pgsafety.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import liquibase.util.LiquibaseUtil;
import org.flywaydb.core.Flyway;

/** The versions of the tools on the class path, for the demo's first line. */
final class Versions {

    private Versions() {}

    static String flyway() {
        try (InputStream in = Flyway.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String liquibase() {
        return LiquibaseUtil.getBuildVersion();
    }
}

package io.pgsafety.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real PostgreSQL server: each test method (and {@code @BeforeEach}
 * / {@code @AfterEach} method) may declare a {@link TestDatabase} parameter and gets a fresh
 * database, dropped after the test. Fresh databases are copies of a template database, which
 * {@link #init()} and {@link #seed()} fill once per run. See {@link PostgresExtension} for how the
 * server is chosen.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {

    /**
     * The major version (12 to 18) to start. An external server named by {@code SAFETY_TEST_JDBC_URL}
     * is used whatever its version: {@link TestDatabase#serverMajorVersion()} tells which it is.
     */
    int version() default 16;

    /**
     * SQL scripts run, in order, into the template database before the first test:
     * {@code classpath:db/seed.sql} from the class path, other paths from the file system. Each
     * runs in one transaction (statement by statement when one of them cannot run in a transaction).
     */
    String[] init() default {};

    /**
     * Fills the template database after the {@link #init()} scripts: run the project's migrations
     * there once, and each test starts from a copy of the migrated schema. {@code TemplateSeed.class}
     * (the default) means none.
     */
    Class<? extends TemplateSeed> seed() default TemplateSeed.class;
}

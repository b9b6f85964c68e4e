package io.pgsafety.test;

/**
 * Fills the template database that each test database of a {@link WithPostgres} class is copied
 * from: run the project's migrations there, load reference data. Named by
 * {@link WithPostgres#seed()}; made with its no-argument constructor and called once per test run
 * (classes with the same {@code init} and {@code seed} share the template), after the
 * {@link WithPostgres#init()} scripts.
 *
 * <pre>{@code
 * public class MigratedSchema implements TemplateSeed {
 *     public void seed(TestDatabase template) {
 *         Flyway.configure().dataSource(template.dataSource()).load().migrate();
 *     }
 * }
 * }</pre>
 *
 * <p>Close the connections it opens: a database with open sessions cannot be copied (the kit ends
 * those left open).
 */
@FunctionalInterface
public interface TemplateSeed {

    void seed(TestDatabase template) throws Exception;
}

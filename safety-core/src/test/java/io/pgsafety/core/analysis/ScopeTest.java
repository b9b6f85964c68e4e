package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private final Scope scope = new Scope();

    @Test
    void rollBackUndoesWhatADownMigrationChangedAndKeepsWhatCameBefore() {
        apply("CREATE TABLE orders (id bigint, status text);"
                + " ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (status IS NOT NULL) NOT VALID;"
                + " CREATE INDEX orders_id_idx ON orders (id);");

        scope.mark();
        apply("ALTER TABLE orders VALIDATE CONSTRAINT status_nn;"
                + " ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);"
                + " ALTER TABLE orders ADD COLUMN note text;"
                + " DROP INDEX orders_id_idx;"
                + " ALTER TABLE orders RENAME TO old_orders;"
                + " CREATE TABLE audit (id bigint);");
        assertThat(scope.isCreated(name("old_orders"))).isTrue();
        assertThat(scope.hasValidatedNotNullCheck(name("orders"), "status")).isTrue();
        scope.rollBack();

        assertThat(scope.isCreated(name("orders"))).isTrue();
        assertThat(scope.isCreated(name("old_orders"))).isFalse();
        assertThat(scope.isCreated(name("audit"))).isFalse();
        assertThat(scope.tableOfIndex(name("orders_id_idx")).map(QualifiedName::name)).contains("orders");
        assertThat(scope.columnType(name("orders"), "status")).contains("text");
        assertThat(scope.columnType(name("orders"), "note")).isEmpty();
        assertThat(scope.hasValidatedNotNullCheck(name("orders"), "status")).isFalse();
        apply("ALTER TABLE orders VALIDATE CONSTRAINT status_nn;");
        assertThat(scope.hasValidatedNotNullCheck(name("orders"), "status")).as("still pending").isTrue();
    }

    @Test
    void rollBackBringsBackRelationsForgottenSinceTheMark() {
        apply("CREATE TABLE orders (id bigint);");

        scope.mark();
        scope.forgetCreatedRelations();
        apply("CREATE TABLE orders (id bigint, note text);");
        scope.forgetCreatedRelations();
        scope.rollBack();

        assertThat(scope.isCreated(name("orders"))).isTrue();
        assertThat(scope.columnType(name("orders"), "note")).isEmpty();
    }

    private void apply(String sql) {
        for (ParsedStatement statement : SqlParser.parse(sql).statements()) {
            scope.apply(statement);
        }
    }

    private static QualifiedName name(String name) {
        return new QualifiedName(null, name, null);
    }
}

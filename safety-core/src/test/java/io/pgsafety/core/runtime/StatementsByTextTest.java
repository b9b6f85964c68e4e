package io.pgsafety.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsByTextTest {

    private static final StatementsByText<String> KEPT = StatementsByText.of(List.of(Migration.builder("V1__a.sql", """
            -- the accounts
            CREATE TABLE accounts (id bigint);
            /* outer /* nested */ still */ ALTER TABLE accounts ADD COLUMN note text;
            """).build()), ParsedStatement::text);

    @Test
    void findsAStatementAsAToolSendsIt() {
        assertThat(KEPT.get("CREATE TABLE accounts (id bigint)")).isEqualTo("CREATE TABLE accounts (id bigint)");
        assertThat(KEPT.get("  CREATE TABLE accounts (id bigint) ;\n")).isEqualTo("CREATE TABLE accounts (id bigint)");
        assertThat(KEPT.get("-- the accounts\nCREATE TABLE accounts (id bigint)"))
                .as("with the comments above it, as Flyway sends it").isEqualTo("CREATE TABLE accounts (id bigint)");
        assertThat(KEPT.get("/* outer /* nested */ still */ ALTER TABLE accounts ADD COLUMN note text"))
                .isEqualTo("ALTER TABLE accounts ADD COLUMN note text");
    }

    @Test
    void findsNothingForTextItDidNotReadAsOneStatement() {
        assertThat(KEPT.get("CREATE TABLE accounts (id bigint); ALTER TABLE accounts ADD COLUMN note text")).isNull();
        assertThat(KEPT.get("/* never ends CREATE TABLE accounts (id bigint)")).isNull();
        assertThat(KEPT.get("-- only a comment")).isNull();
        assertThat(KEPT.get("CREATE TABLE accounts (id bigint) -- and a note")).isNull();
    }
}

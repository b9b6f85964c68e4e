package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.DatabaseChangeLog;
import org.junit.jupiter.api.Test;

class PreflightMemoTest {

    private static final String CHANGESET_SQL = "CREATE TABLE new_1 (id bigint);\nALTER TABLE existing_1 ADD flag boolean;\n";

    @Test
    void theGuardGetsEachStatementAsThePreflightReadIt() throws Exception {
        Migration.Builder builder = Migration.builder("changelog.xml", CHANGESET_SQL);
        List<ParsedStatement> read = builder.parsed().statements();
        Scope command = commandScope();

        PreflightMemo.remember(command, new DatabaseChangeLog(), List.of(), List.of(), List.of(builder.build()));

        assertThat(PreflightMemo.statements(command, "ALTER TABLE existing_1 ADD flag boolean"))
                .containsExactly(read.get(1));
        assertThat(PreflightMemo.statements(command, " CREATE TABLE new_1 (id bigint) ; \n"))
                .as("as Liquibase may end it").containsExactly(read.get(0));
    }

    @Test
    void textThePreflightDidNotReadAsOneStatementIsLeftToTheCaller() throws Exception {
        Scope command = commandScope();
        PreflightMemo.remember(command, new DatabaseChangeLog(), List.of(), List.of(),
                List.of(Migration.builder("changelog.xml", CHANGESET_SQL).build()));

        assertThat(PreflightMemo.statements(command, CHANGESET_SQL)).as("two statements in one string").isNull();
        assertThat(PreflightMemo.statements(command, "ALTER TABLE existing_2 ADD flag boolean")).isNull();
        assertThat(PreflightMemo.statements(commandScope(), "ALTER TABLE existing_1 ADD flag boolean"))
                .as("another command").isNull();
        assertThat(PreflightMemo.statements(null, "ALTER TABLE existing_1 ADD flag boolean")).isNull();
    }

    private static Scope commandScope() throws Exception {
        return Scope.child(Map.of("pg-safety-test", "command"), Scope::getCurrentScope);
    }
}

package io.pgsafety.core.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/** Shortcuts for parser tests. */
final class Parsing {

    private Parsing() {}

    /** The statements of {@code sql}, in order. */
    static List<Statement> statements(String sql) {
        return SqlParser.parse(sql).statements().stream().map(ps -> ps.statement()).toList();
    }

    /** The only statement of {@code sql}, which must be of {@code type}. */
    static <T extends Statement> T single(String sql, Class<T> type) {
        List<Statement> statements = statements(sql);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0)).isInstanceOf(type);
        return type.cast(statements.get(0));
    }
}

package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifierNormalisationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Orders | | orders", "PUBLIC.Orders | public | orders", "\"Public\".\"Order Items\" | Public | Order Items",
        "\"say \"\"hi\"\"\" | | say \"hi\"", "db.app.t | app | t", "U&\"d\\0061t\\+000061\" | | data",
        "U&\"d!0061t\" UESCAPE '!' | | dat", "ÄBC | | Äbc", "${schema}.orders | ${schema} | orders",
        "${prefix}orders | | ${prefix}orders"})
    void namesAreNormalisedLikePostgres(String written, String schema, String name) {
        QualifiedName table = single("TRUNCATE " + written, Statement.Truncate.class).tables().get(0);
        assertThat(table.schema()).isEqualTo(schema);
        assertThat(table.name()).isEqualTo(name);
    }
}

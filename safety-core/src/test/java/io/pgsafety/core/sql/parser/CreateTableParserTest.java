package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.Statement.CreateTable;
import io.pgsafety.core.sql.ast.TypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateTableParserTest {

    private static TypeName typeOf(String type) {
        CreateTable table = single("CREATE TABLE t (c " + type + ")", CreateTable.class);
        return table.columns().get(0).type();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "int | int4 | ''", "integer | int4 | ''", "INT4 | int4 | ''", "bigint | int8 | ''", "smallint | int2 | ''",
        "serial | serial | ''", "serial8 | bigserial | ''", "bigserial | bigserial | ''", "serial2 | smallserial | ''",
        "character varying(20) | varchar | 20", "varchar | varchar | ''", "char varying(3) | varchar | 3",
        "character(2) | bpchar | 2", "char | bpchar | ''", "bpchar | bpchar | ''",
        "double precision | float8 | ''", "real | float4 | ''", "float | float8 | ''", "float(24) | float4 | ''",
        "float(25) | float8 | ''", "decimal(10,2) | numeric | 10;2", "numeric | numeric | ''", "boolean | bool | ''",
        "timestamp | timestamp | ''", "timestamp without time zone | timestamp | ''",
        "timestamp(3) with time zone | timestamptz | 3", "timestamptz(6) | timestamptz | 6",
        "time with time zone | timetz | ''", "time(2) without time zone | time | 2",
        "bit varying(8) | varbit | 8", "bit(3) | bit | 3", "interval | interval | ''",
        "interval day to second(3) | interval | 3", "interval(2) | interval | 2",
        "text | text | ''", "jsonb | jsonb | ''", "\"char\" | char | ''", "\"MyType\" | MyType | ''",
        "public.my_type | public.my_type | ''", "pg_catalog.int4 | int4 | ''", "Geometry(Point, 4326) | geometry | Point;4326",
        "national character varying(5) | varchar | 5"})
    void canonicalTypeNames(String written, String canonical, String modifiers) {
        TypeName type = typeOf(written);
        assertThat(type.name()).isEqualTo(canonical);
        assertThat(String.join(";", type.modifiers())).isEqualTo(modifiers);
        assertThat(type.text()).isEqualTo(written);
        assertThat(type.isArray()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"int[] | 1", "int ARRAY | 1", "text[][] | 2", "integer[3] | 1",
        "int array[4] | 1", "varchar(10)[] | 1"})
    void arrays(String written, int dimensions) {
        TypeName type = typeOf(written);
        assertThat(type.arrayDimensions()).isEqualTo(dimensions);
        assertThat(type.text()).isEqualTo(written);
    }

    @Test
    void columnsAndTableConstraints() {
        CreateTable table = single("""
                CREATE TABLE IF NOT EXISTS app.orders (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id int NOT NULL REFERENCES customers ON DELETE CASCADE,
                    code text COLLATE "C" UNIQUE,
                    status text NOT NULL DEFAULT 'new' CHECK (status <> ''),
                    total numeric(12, 2) GENERATED ALWAYS AS (price * qty) STORED,
                    note text NULL,
                    CONSTRAINT orders_pk2 UNIQUE (customer_id, code),
                    FOREIGN KEY (customer_id, code) REFERENCES other (a, b) MATCH FULL,
                    CHECK (total >= 0) NO INHERIT,
                    EXCLUDE USING gist (code WITH =)
                ) WITH (fillfactor = 90) TABLESPACE fast
                """, CreateTable.class);
        assertThat(table.name().sql()).isEqualTo("app.orders");
        assertThat(table.ifNotExists()).isTrue();
        assertThat(table.persistence()).isEqualTo(Statement.Persistence.PERMANENT);
        assertThat(table.asQuery()).isFalse();
        assertThat(table.partitionOf()).isNull();
        assertThat(table.columns()).extracting(ColumnDef::name)
                .containsExactly("id", "customer_id", "code", "status", "total", "note");
        ColumnDef id = table.columns().get(0);
        assertThat(id.generated()).isEqualTo(ColumnDef.Generated.IDENTITY);
        assertThat(id.constraints()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Constraint.Kind.PRIMARY_KEY);
            assertThat(c.columns()).containsExactly("id");
        });
        ColumnDef customer = table.columns().get(1);
        assertThat(customer.notNull()).isTrue();
        assertThat(customer.constraints().get(0).referencedTable().name()).isEqualTo("customers");
        assertThat(customer.constraints().get(0).referencedColumns()).isEmpty();
        ColumnDef status = table.columns().get(3);
        assertThat(status.defaultValue().text()).isEqualTo("'new'");
        assertThat(status.text()).isEqualTo("status text NOT NULL DEFAULT 'new' CHECK (status <> '')");
        assertThat(table.columns().get(4).generated()).isEqualTo(ColumnDef.Generated.STORED);
        assertThat(table.columns().get(5).notNull()).isFalse();
        assertThat(table.constraints()).extracting(Constraint::kind).containsExactly(Constraint.Kind.UNIQUE,
                Constraint.Kind.FOREIGN_KEY, Constraint.Kind.CHECK, Constraint.Kind.EXCLUDE);
        assertThat(table.constraints().get(0).name()).isEqualTo("orders_pk2");
        assertThat(table.constraints().get(1).referencedColumns()).containsExactly("a", "b");
    }

    @Test
    void persistenceKinds() {
        assertThat(single("CREATE TEMP TABLE t (a int) ON COMMIT DROP", CreateTable.class).persistence())
                .isEqualTo(Statement.Persistence.TEMPORARY);
        assertThat(single("CREATE GLOBAL TEMPORARY TABLE t (a int)", CreateTable.class).persistence())
                .isEqualTo(Statement.Persistence.TEMPORARY);
        assertThat(single("CREATE UNLOGGED TABLE t (a int)", CreateTable.class).persistence())
                .isEqualTo(Statement.Persistence.UNLOGGED);
    }

    @Test
    void partitionsLikeAndInherits() {
        CreateTable partition = single("CREATE TABLE m_2024 PARTITION OF m (a WITH OPTIONS NOT NULL, "
                + "CONSTRAINT c CHECK (a > 0)) FOR VALUES FROM (1) TO (10) PARTITION BY LIST (b)", CreateTable.class);
        assertThat(partition.partitionOf().name()).isEqualTo("m");
        assertThat(partition.columns()).singleElement().satisfies(c -> {
            assertThat(c.type()).isNull();
            assertThat(c.notNull()).isTrue();
        });
        assertThat(partition.constraints()).hasSize(1);
        assertThat(single("CREATE TABLE d PARTITION OF m DEFAULT", CreateTable.class).partitionOf().name())
                .isEqualTo("m");
        CreateTable like = single("CREATE TABLE c (LIKE p INCLUDING ALL EXCLUDING INDEXES, extra int) INHERITS (p)",
                CreateTable.class);
        assertThat(like.columns()).extracting(ColumnDef::name).containsExactly("extra");
        assertThat(single("CREATE TABLE p (a int, b text) PARTITION BY RANGE (a)", CreateTable.class).columns())
                .hasSize(2);
        assertThat(single("CREATE TABLE e ()", CreateTable.class).columns()).isEmpty();
    }

    @Test
    void createTableAsAndSelectInto() {
        CreateTable as = single("CREATE TABLE t AS SELECT * FROM u WITH NO DATA", CreateTable.class);
        assertThat(as.asQuery()).isTrue();
        assertThat(as.columns()).isEmpty();
        assertThat(single("CREATE TABLE t (a, b) AS VALUES (1, 2)", CreateTable.class).asQuery()).isTrue();
        assertThat(single("CREATE TABLE t AS EXECUTE prepared_q", CreateTable.class).asQuery()).isTrue();
        CreateTable into = single("SELECT a, b INTO TEMP TABLE copy FROM u WHERE x IN (SELECT 1)", CreateTable.class);
        assertThat(into.asQuery()).isTrue();
        assertThat(into.name().name()).isEqualTo("copy");
        assertThat(into.persistence()).isEqualTo(Statement.Persistence.TEMPORARY);
        assertThat(single("SELECT 1 FROM t", Statement.Other.class).keywords()).isEqualTo("SELECT");
    }

    @Test
    void pg18NotNullTableConstraint() {
        CreateTable table = single("CREATE TABLE t (a int, CONSTRAINT a_nn NOT NULL a NO INHERIT)", CreateTable.class);
        assertThat(table.constraints()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Constraint.Kind.NOT_NULL);
            assertThat(c.columns()).containsExactly("a");
        });
    }

    @Test
    void columnSpanAndText() {
        String sql = "CREATE TABLE t (\n  id int,\n  name varchar(10) NOT NULL\n)";
        CreateTable table = single(sql, CreateTable.class);
        ColumnDef name = table.columns().get(1);
        assertThat(name.span().line()).isEqualTo(3);
        assertThat(name.span().column()).isEqualTo(3);
        assertThat(name.text()).isEqualTo("name varchar(10) NOT NULL");
        assertThat(name.type().span().column()).isEqualTo(8);
    }

    @Test
    void unbalancedIsUnparsed() {
        assertThat(single("CREATE TABLE t (a int", Statement.Unparsed.class).reason()).isNotBlank();
        assertThat(single("CREATE TABLE t (a int, b numeric(10)", Statement.Unparsed.class).reason()).isNotBlank();
    }
}

package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.ast.Statement.AlterTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlterTableParserTest {

    private static AlterAction onlyAction(String sql) {
        AlterTable alter = single(sql, AlterTable.class);
        assertThat(alter.actions()).hasSize(1);
        return alter.actions().get(0);
    }

    @Test
    void headerWithIfExistsOnlyAndQuotedSchema() {
        AlterTable alter = single("ALTER TABLE IF EXISTS ONLY \"Sales\".Orders * DROP COLUMN x", AlterTable.class);
        assertThat(alter.kind()).isEqualTo(ObjectKind.TABLE);
        assertThat(alter.ifExists()).isTrue();
        assertThat(alter.name().schema()).isEqualTo("Sales");
        assertThat(alter.name().name()).isEqualTo("orders");
        assertThat(alter.name().sql()).isEqualTo("\"Sales\".orders");
    }

    @Test
    void otherRelationKinds() {
        assertThat(single("ALTER INDEX i RENAME TO j", AlterTable.class).kind()).isEqualTo(ObjectKind.INDEX);
        assertThat(single("ALTER VIEW v RENAME TO w", AlterTable.class).kind()).isEqualTo(ObjectKind.VIEW);
        assertThat(single("ALTER MATERIALIZED VIEW m SET TABLESPACE t", AlterTable.class).kind())
                .isEqualTo(ObjectKind.MATERIALIZED_VIEW);
        assertThat(single("ALTER FOREIGN TABLE f ADD COLUMN c int OPTIONS (p '1')", AlterTable.class).kind())
                .isEqualTo(ObjectKind.FOREIGN_TABLE);
        AlterTable seq = single("ALTER SEQUENCE s INCREMENT BY 2 RESTART WITH 10", AlterTable.class);
        assertThat(seq.kind()).isEqualTo(ObjectKind.SEQUENCE);
        assertThat(seq.actions()).singleElement().isInstanceOf(AlterAction.Other.class);
        assertThat(onlyAction("ALTER SEQUENCE s OWNED BY t.id")).isEqualTo(
                new AlterAction.Other("OWNED BY", onlyAction("ALTER SEQUENCE s OWNED BY t.id").span()));
        assertThat(onlyAction("ALTER SEQUENCE s RENAME TO t")).isInstanceOf(AlterAction.Rename.class);
    }

    @Test
    void allInTablespaceIsOther() {
        Statement.Other other = single("ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b", Statement.Other.class);
        assertThat(other.keywords()).isEqualTo("ALTER TABLE ALL IN TABLESPACE");
    }

    @Test
    void addColumnWithEverything() {
        AlterAction.AddColumn add = (AlterAction.AddColumn) onlyAction(
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS Amount numeric(10, 2) DEFAULT 0 NOT NULL "
                        + "CONSTRAINT amount_positive CHECK (amount > 0) REFERENCES accounts (id)");
        assertThat(add.ifNotExists()).isTrue();
        ColumnDef column = add.column();
        assertThat(column.name()).isEqualTo("amount");
        assertThat(column.type().name()).isEqualTo("numeric");
        assertThat(column.type().modifiers()).containsExactly("10", "2");
        assertThat(column.defaultValue().text()).isEqualTo("0");
        assertThat(column.notNull()).isTrue();
        assertThat(column.constraints()).extracting(Constraint::kind)
                .containsExactly(Constraint.Kind.CHECK, Constraint.Kind.FOREIGN_KEY);
        Constraint check = column.constraints().get(0);
        assertThat(check.name()).isEqualTo("amount_positive");
        assertThat(check.expression().text()).isEqualTo("amount > 0");
        assertThat(check.text()).isEqualTo("CONSTRAINT amount_positive CHECK (amount > 0)");
        Constraint fk = column.constraints().get(1);
        assertThat(fk.columns()).containsExactly("amount");
        assertThat(fk.referencedTable().name()).isEqualTo("accounts");
        assertThat(fk.referencedColumns()).containsExactly("id");
    }

    @Test
    void addColumnWithoutColumnKeywordAndVolatileDefault() {
        AlterAction.AddColumn add = (AlterAction.AddColumn) onlyAction(
                "alter table t add created_at timestamp(3) with time zone default now()");
        assertThat(add.ifNotExists()).isFalse();
        assertThat(add.column().type().name()).isEqualTo("timestamptz");
        assertThat(add.column().type().modifiers()).containsExactly("3");
        assertThat(add.column().defaultValue().calls("now")).isTrue();
        assertThat(add.column().notNull()).isFalse();
    }

    @Test
    void addGeneratedAndIdentityColumns() {
        ColumnDef stored = ((AlterAction.AddColumn) onlyAction(
                "ALTER TABLE t ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED")).column();
        assertThat(stored.generated()).isEqualTo(ColumnDef.Generated.STORED);
        assertThat(stored.generatedExpr().text()).isEqualTo("a + b");
        ColumnDef virtual = ((AlterAction.AddColumn) onlyAction(
                "ALTER TABLE t ADD COLUMN total int GENERATED ALWAYS AS (a * 2)")).column();
        assertThat(virtual.generated()).isEqualTo(ColumnDef.Generated.VIRTUAL);
        ColumnDef identity = ((AlterAction.AddColumn) onlyAction(
                "ALTER TABLE t ADD COLUMN id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10)")).column();
        assertThat(identity.generated()).isEqualTo(ColumnDef.Generated.IDENTITY);
    }

    @Test
    void dropColumnAndConstraint() {
        AlterTable alter = single("ALTER TABLE t DROP COLUMN IF EXISTS a CASCADE, DROP b, DROP CONSTRAINT IF EXISTS "
                + "\"C1\" RESTRICT", AlterTable.class);
        assertThat(alter.actions()).containsExactly(
                new AlterAction.DropColumn("a", true, true, alter.actions().get(0).span()),
                new AlterAction.DropColumn("b", false, false, alter.actions().get(1).span()),
                new AlterAction.DropConstraint("C1", true, false, alter.actions().get(2).span()));
    }

    @Test
    void alterColumnType() {
        AlterAction.AlterColumnType change = (AlterAction.AlterColumnType) onlyAction(
                "ALTER TABLE t ALTER COLUMN name SET DATA TYPE character varying(200) COLLATE \"C\" USING name::text");
        assertThat(change.column()).isEqualTo("name");
        assertThat(change.type().name()).isEqualTo("varchar");
        assertThat(change.type().modifier(0)).isEqualTo(200);
        assertThat(change.using().text()).isEqualTo("name::text");
        AlterAction.AlterColumnType shortForm = (AlterAction.AlterColumnType) onlyAction(
                "ALTER TABLE t ALTER id TYPE bigint");
        assertThat(shortForm.type().name()).isEqualTo("int8");
        assertThat(shortForm.using()).isNull();
    }

    @Test
    void defaultsAndNotNull() {
        AlterTable alter = single("ALTER TABLE t ALTER COLUMN a SET DEFAULT lower('X'), ALTER b DROP DEFAULT, "
                + "ALTER COLUMN c SET NOT NULL, ALTER COLUMN d DROP NOT NULL", AlterTable.class);
        List<AlterAction> actions = alter.actions();
        assertThat(((AlterAction.SetDefault) actions.get(0)).value().text()).isEqualTo("lower('X')");
        assertThat(((AlterAction.SetDefault) actions.get(0)).column()).isEqualTo("a");
        assertThat(actions.get(1)).isEqualTo(new AlterAction.DropDefault("b", actions.get(1).span()));
        assertThat(actions.get(2)).isEqualTo(new AlterAction.SetNotNull("c", actions.get(2).span()));
        assertThat(actions.get(3)).isEqualTo(new AlterAction.DropNotNull("d", actions.get(3).span()));
    }

    @Test
    void addTableConstraints() {
        Constraint fk = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
                        + "REFERENCES public.customers (id) ON DELETE SET NULL (customer_id) DEFERRABLE "
                        + "INITIALLY DEFERRED NOT VALID")).constraint();
        assertThat(fk.kind()).isEqualTo(Constraint.Kind.FOREIGN_KEY);
        assertThat(fk.name()).isEqualTo("orders_customer_fk");
        assertThat(fk.columns()).containsExactly("customer_id");
        assertThat(fk.referencedTable().sql()).isEqualTo("public.customers");
        assertThat(fk.notValid()).isTrue();
        assertThat(fk.text()).endsWith("INITIALLY DEFERRED").startsWith("CONSTRAINT orders_customer_fk");

        Constraint pk = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE t ADD PRIMARY KEY (a, b) INCLUDE (c) USING INDEX TABLESPACE fast")).constraint();
        assertThat(pk.kind()).isEqualTo(Constraint.Kind.PRIMARY_KEY);
        assertThat(pk.name()).isNull();
        assertThat(pk.columns()).containsExactly("a", "b");
        assertThat(pk.usingIndex()).isNull();

        Constraint unique = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_u_idx")).constraint();
        assertThat(unique.kind()).isEqualTo(Constraint.Kind.UNIQUE);
        assertThat(unique.usingIndex()).isEqualTo("t_u_idx");

        Constraint nullsNotDistinct = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE t ADD UNIQUE NULLS NOT DISTINCT (a)")).constraint();
        assertThat(nullsNotDistinct.columns()).containsExactly("a");

        Constraint check = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID")).constraint();
        assertThat(check.kind()).isEqualTo(Constraint.Kind.CHECK);
        assertThat(check.expression().text()).isEqualTo("a IS NOT NULL");
        assertThat(check.notValid()).isTrue();
        assertThat(check.text()).isEqualTo("CONSTRAINT c CHECK (a IS NOT NULL)");

        Constraint exclude = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE r ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) "
                        + "WHERE (not cancelled)")).constraint();
        assertThat(exclude.kind()).isEqualTo(Constraint.Kind.EXCLUDE);
        assertThat(exclude.expression().text()).isEqualTo("room WITH =, during WITH &&");

        Constraint notNull = ((AlterAction.AddConstraint) onlyAction(
                "ALTER TABLE t ADD CONSTRAINT a_nn NOT NULL a")).constraint();
        assertThat(notNull.kind()).isEqualTo(Constraint.Kind.NOT_NULL);
        assertThat(notNull.columns()).containsExactly("a");
    }

    @Test
    void validateRenameAndSchemaActions() {
        assertThat(onlyAction("ALTER TABLE t VALIDATE CONSTRAINT c_fk"))
                .isInstanceOfSatisfying(AlterAction.ValidateConstraint.class, v -> assertThat(v.name()).isEqualTo("c_fk"));
        assertThat(onlyAction("ALTER TABLE t RENAME COLUMN a TO \"B\""))
                .isInstanceOfSatisfying(AlterAction.RenameColumn.class, r -> {
                    assertThat(r.from()).isEqualTo("a");
                    assertThat(r.to()).isEqualTo("B");
                });
        assertThat(onlyAction("ALTER TABLE t RENAME a TO b")).isInstanceOf(AlterAction.RenameColumn.class);
        assertThat(onlyAction("ALTER TABLE t RENAME CONSTRAINT a TO b")).isInstanceOf(AlterAction.RenameConstraint.class);
        assertThat(onlyAction("ALTER TABLE t RENAME TO u"))
                .isInstanceOfSatisfying(AlterAction.Rename.class, r -> assertThat(r.newName()).isEqualTo("u"));
        assertThat(onlyAction("ALTER TABLE t SET SCHEMA archive"))
                .isInstanceOfSatisfying(AlterAction.SetSchema.class, r -> assertThat(r.schema()).isEqualTo("archive"));
        assertThat(onlyAction("ALTER TABLE t SET TABLESPACE fast"))
                .isInstanceOfSatisfying(AlterAction.SetTablespace.class, r -> assertThat(r.tablespace()).isEqualTo("fast"));
        assertThat(onlyAction("ALTER TABLE t SET LOGGED"))
                .isInstanceOfSatisfying(AlterAction.SetLogged.class, r -> assertThat(r.logged()).isTrue());
        assertThat(onlyAction("ALTER TABLE t SET UNLOGGED"))
                .isInstanceOfSatisfying(AlterAction.SetLogged.class, r -> assertThat(r.logged()).isFalse());
    }

    @Test
    void partitions() {
        AlterAction.AttachPartition attach = (AlterAction.AttachPartition) onlyAction(
                "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        assertThat(attach.partition().name()).isEqualTo("m_2024");
        assertThat(attach.bound()).isEqualTo("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        assertThat(((AlterAction.AttachPartition) onlyAction("ALTER TABLE m ATTACH PARTITION d DEFAULT")).bound())
                .isEqualTo("DEFAULT");
        AlterAction.DetachPartition detach = (AlterAction.DetachPartition) onlyAction(
                "ALTER TABLE m DETACH PARTITION s.m_2024 CONCURRENTLY");
        assertThat(detach.partition().sql()).isEqualTo("s.m_2024");
        assertThat(detach.concurrently()).isTrue();
        assertThat(detach.finalizeDetach()).isFalse();
        assertThat(((AlterAction.DetachPartition) onlyAction("ALTER TABLE m DETACH PARTITION p FINALIZE"))
                .finalizeDetach()).isTrue();
    }

    @Test
    void otherActionsAreNamedByTheirKeyWords() {
        AlterTable alter = single("""
                ALTER TABLE t
                  ALTER COLUMN a SET STATISTICS 100,
                  ALTER COLUMN b ADD GENERATED ALWAYS AS IDENTITY (START 1),
                  ENABLE TRIGGER all,
                  OWNER TO admin,
                  SET (fillfactor = 70, autovacuum_enabled = false),
                  RESET (fillfactor),
                  REPLICA IDENTITY FULL,
                  CLUSTER ON t_idx,
                  INHERIT parent,
                  NO INHERIT parent,
                  ENABLE ROW LEVEL SECURITY,
                  ALTER CONSTRAINT c DEFERRABLE,
                  SET WITHOUT CLUSTER,
                  ALTER COLUMN c SET STORAGE EXTERNAL,
                  ALTER COLUMN c DROP EXPRESSION
                """, AlterTable.class);
        assertThat(alter.actions()).map(a -> ((AlterAction.Other) a).kind()).containsExactly(
                "ALTER COLUMN SET STATISTICS", "ALTER COLUMN ADD GENERATED", "ENABLE TRIGGER", "OWNER TO", "SET",
                "RESET", "REPLICA IDENTITY", "CLUSTER ON", "INHERIT", "NO INHERIT", "ENABLE ROW LEVEL SECURITY",
                "ALTER CONSTRAINT", "SET WITHOUT CLUSTER", "ALTER COLUMN SET STORAGE", "ALTER COLUMN DROP EXPRESSION");
    }

    @Test
    void eachActionSpansItsOwnClause() {
        String sql = "ALTER TABLE t\n  ADD COLUMN a int,\n  ALTER COLUMN b SET NOT NULL,\n    DROP COLUMN c";
        AlterTable alter = single(sql, AlterTable.class);
        assertThat(alter.span().line()).isEqualTo(1);
        assertThat(alter.span().endLine()).isEqualTo(4);
        List<AlterAction> actions = alter.actions();
        assertThat(actions.get(0).span().line()).isEqualTo(2);
        assertThat(actions.get(0).span().column()).isEqualTo(3);
        assertThat(sql.substring(actions.get(0).span().offset(), actions.get(0).span().endOffset()))
                .isEqualTo("ADD COLUMN a int");
        assertThat(actions.get(1).span().line()).isEqualTo(3);
        assertThat(sql.substring(actions.get(1).span().offset(), actions.get(1).span().endOffset()))
                .isEqualTo("ALTER COLUMN b SET NOT NULL");
        assertThat(actions.get(2).span().line()).isEqualTo(4);
        assertThat(actions.get(2).span().column()).isEqualTo(5);
        assertThat(actions.get(2).span().endColumn()).isEqualTo(17);
    }

    @Test
    void missingActionIsUnparsed() {
        Statement.Unparsed unparsed = single("ALTER TABLE t", Statement.Unparsed.class);
        assertThat(unparsed.reason()).contains("action");
        assertThat(single("ALTER TABLE t ADD COLUMN", Statement.Unparsed.class).reason()).contains("name");
    }
}

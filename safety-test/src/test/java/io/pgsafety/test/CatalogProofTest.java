package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.JdbcCatalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.parser.SqlParser;
import io.pgsafety.test.LockTrace.Execution;
import io.pgsafety.test.LockTrace.RelationLock;
import io.pgsafety.test.LockTrace.StatementTrace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The rule catalog, proven on real servers. For every rule of section A (category "Locks and
 * rewrites"), on a fresh database populated with a few thousand rows:
 * <ul>
 *   <li>the analyzer, with the live catalog and the server's version, flags the Bad example of
 *       the rule's docs page and does not flag its Safe alternative;</li>
 *   <li>the Bad statement really takes the lock the finding states (the rule's {@code @RuleInfo}
 *       lock) or a stronger one, rewrites the table when the rule is about a rewrite, and scans or
 *       rewrites something when the rule says its cost grows with the table;</li>
 *   <li>every statement of the Safe alternative that scans or rewrites an existing relation (or runs
 *       concurrently) holds nothing stronger than SHARE UPDATE EXCLUSIVE meanwhile: the strong
 *       locks it takes are for catalog changes only;</li>
 *   <li>where the rule's version logic says the safe form does not exist yet, the server refuses it.</li>
 * </ul>
 * CI proves PostgreSQL 13, 15 and 17; {@code -Dsafety.proof.versions=12,13,14,15,16,17,18} runs
 * any set of the supported versions.
 */
class CatalogProofTest {

    static final String VERSIONS_PROPERTY = "safety.proof.versions";
    private static final String CI_VERSIONS = "13,15,17";

    private static final String ORDERS = """
            CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
            INSERT INTO customers SELECT g, 'customer' || g || '@example.com' FROM generate_series(1, 2000) g;
            CREATE TABLE orders (
                id bigint PRIMARY KEY,
                customer_id bigint,
                status text NOT NULL DEFAULT 'new',
                quantity int NOT NULL,
                unit_price_cents int NOT NULL,
                total_cents int NOT NULL,
                created_at timestamptz NOT NULL);
            INSERT INTO orders
            SELECT g, 1 + g % 2000, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3], 1 + g % 5, 100 + g % 900,
                   (1 + g % 5) * (100 + g % 900), timestamptz '2019-10-01' + g * interval '1 hour'
            FROM generate_series(1, 5000) g;
            ANALYZE customers, orders;
            """;

    private static final String ORDER_EVENTS = """
            CREATE TABLE order_events (order_id bigint NOT NULL, kind text NOT NULL, created_at timestamptz NOT NULL)
                PARTITION BY RANGE (created_at);
            """;

    /** The setup and expectations of each rule; every rule of section A has one. */
    private static final Map<String, Proof> PROOFS = Map.ofEntries(
            Map.entry("create-index-non-concurrent", Proof.of(ORDERS)),
            Map.entry("drop-index-non-concurrent", Proof.of(ORDERS + "CREATE INDEX orders_status_idx ON orders (status);")),
            Map.entry("reindex-non-concurrent", Proof.of(ORDERS + "CREATE INDEX orders_customer_id_idx ON orders (customer_id);")),
            Map.entry("detach-partition-non-concurrent", Proof.of(ORDER_EVENTS + """
                    CREATE TABLE order_events_2023_01 PARTITION OF order_events FOR VALUES FROM ('2023-01-01') TO ('2023-02-01');
                    CREATE TABLE order_events_2023_02 PARTITION OF order_events FOR VALUES FROM ('2023-02-01') TO ('2023-03-01');
                    INSERT INTO order_events
                    SELECT g, 'paid', timestamptz '2023-01-01' + g * interval '10 minutes' FROM generate_series(0, 7000) g;
                    """).safeFormSince(14)),
            Map.entry("refresh-matview-non-concurrent", Proof.of(ORDERS + """
                    CREATE MATERIALIZED VIEW customer_order_totals AS
                    SELECT customer_id, count(*) AS orders, sum(total_cents) AS total_cents FROM orders GROUP BY customer_id;
                    """).safeMayHold(LockMode.EXCLUSIVE, "REFRESH … CONCURRENTLY takes EXCLUSIVE on the view: reads go on")),
            Map.entry("concurrently-in-transaction", Proof.of(ORDERS).badFailsWith("25001")),
            Map.entry("add-column-volatile-default", Proof.of(ORDERS + """
                    DO $$ BEGIN
                        IF current_setting('server_version_num')::int < 130000 THEN CREATE EXTENSION pgcrypto; END IF;
                    END $$;
                    """).rewriting()),
            Map.entry("add-column-generated-stored", Proof.of(ORDERS + "ALTER TABLE orders DROP COLUMN total_cents;").rewriting()),
            Map.entry("add-column-not-null-no-default", Proof.of(ORDERS).badFailsWith("23502")),
            Map.entry("set-not-null", Proof.of(ORDERS)),
            Map.entry("add-foreign-key-validated", Proof.of(ORDERS)),
            Map.entry("add-check-validated", Proof.of(ORDERS)),
            Map.entry("validate-in-same-transaction", Proof.of(ORDERS)),
            Map.entry("add-unique-constraint", Proof.of(ORDERS)),
            Map.entry("add-primary-key", Proof.of("""
                    CREATE TABLE order_lines (id bigint, order_id bigint NOT NULL, sku text NOT NULL);
                    INSERT INTO order_lines SELECT g, g / 3, 'sku-' || (g % 400) FROM generate_series(1, 6000) g;
                    """)),
            Map.entry("add-exclusion-constraint", Proof.of("""
                    CREATE EXTENSION btree_gist;
                    CREATE TABLE room_bookings (id bigint PRIMARY KEY, room_id int NOT NULL, during tstzrange NOT NULL);
                    INSERT INTO room_bookings
                    SELECT g, g % 40, tstzrange(timestamptz '2024-01-01' + (g / 40) * interval '2 hours',
                                                timestamptz '2024-01-01' + (g / 40) * interval '2 hours' + interval '1 hour')
                    FROM generate_series(1, 4000) g;
                    """).noOnlineForm("no online form exists: the page's alternative is the same statement in a "
                    + "maintenance window, allowed by a directive")),
            Map.entry("change-column-type", Proof.of(ORDERS).rewriting()),
            Map.entry("set-tablespace", Proof.of(ORDERS + """
                    CREATE INDEX orders_created_at_idx ON orders (created_at);
                    SET allow_in_place_tablespaces = on;
                    CREATE TABLESPACE fast_ssd LOCATION '';
                    """).rewriting()),
            Map.entry("set-logged-unlogged", Proof.of("""
                    CREATE UNLOGGED TABLE import_batches (id bigint PRIMARY KEY, source text NOT NULL, rows_read int NOT NULL);
                    INSERT INTO import_batches SELECT g, 'feed-' || (g % 7), g % 1000 FROM generate_series(1, 4000) g;
                    """).rewriting()),
            Map.entry("vacuum-full", Proof.of(ORDERS).rewriting()),
            Map.entry("cluster", Proof.of(ORDERS + "CREATE INDEX orders_created_at_idx ON orders (created_at);").rewriting()),
            Map.entry("lock-table", Proof.of(ORDERS + "CREATE TABLE orders_archive (LIKE orders);")
                    .safeMayHold(LockMode.SHARE, "the rule flags EXCLUSIVE and ACCESS EXCLUSIVE; its alternative keeps "
                            + "writers out with SHARE while reads go on")),
            Map.entry("statements-after-access-exclusive", Proof.of(ORDERS)),
            Map.entry("domain-constraint-scan", Proof.of("""
                    CREATE DOMAIN email_address AS text;
                    CREATE TABLE newsletter_subscribers (id bigint PRIMARY KEY, email email_address NOT NULL);
                    INSERT INTO newsletter_subscribers SELECT g, 'reader' || g || '@example.com' FROM generate_series(1, 4000) g;
                    """).safeMayHold(LockMode.SHARE, "through PostgreSQL 18 ALTER DOMAIN … VALIDATE CONSTRAINT scans "
                    + "under SHARE, as the rule's finding and page say: the split only chooses when writes wait")),
            Map.entry("enum-add-value-in-transaction", Proof.of("""
                    CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
                    CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL);
                    INSERT INTO orders SELECT g, 'paid' FROM generate_series(1, 3000) g;
                    CREATE TABLE refunds (order_id bigint NOT NULL);
                    INSERT INTO refunds SELECT g * 7 FROM generate_series(1, 100) g;
                    """)),
            Map.entry("attach-partition-scan", Proof.of(ORDER_EVENTS + """
                    CREATE TABLE order_events_2024_05 PARTITION OF order_events FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
                    CREATE TABLE order_events_2024_06 (LIKE order_events INCLUDING ALL);
                    INSERT INTO order_events_2024_06
                    SELECT g, 'paid', timestamptz '2024-06-01' + g * interval '5 minutes' FROM generate_series(0, 8000) g;
                    """)));

    /**
     * How the server proves one rule. {@code safeMayHold} is the strongest lock the safe
     * alternative may hold while it scans or rewrites (SHARE UPDATE EXCLUSIVE unless the rule's
     * point is narrower, with the reason); {@code safeFormSince} the first major version that has
     * the safe form.
     */
    record Proof(String setup, boolean rewrites, String badFailsWith, LockMode safeMayHold, int safeFormSince,
            String noOnlineForm) {

        static Proof of(String setup) {
            return new Proof(setup, false, null, LockMode.SHARE_UPDATE_EXCLUSIVE, 12, null);
        }

        Proof rewriting() {
            return new Proof(setup, true, badFailsWith, safeMayHold, safeFormSince, noOnlineForm);
        }

        /** The bad example's cost is a failure at run time, with this SQLSTATE. */
        Proof badFailsWith(String sqlState) {
            return new Proof(setup, rewrites, sqlState, safeMayHold, safeFormSince, noOnlineForm);
        }

        Proof safeMayHold(LockMode mode, String why) {
            return new Proof(setup, rewrites, badFailsWith, mode, safeFormSince, noOnlineForm);
        }

        Proof safeFormSince(int major) {
            return new Proof(setup, rewrites, badFailsWith, safeMayHold, major, noOnlineForm);
        }

        Proof noOnlineForm(String reason) {
            return new Proof(setup, rewrites, badFailsWith, safeMayHold, safeFormSince, reason);
        }
    }

    static Stream<String> sectionA() {
        return RuleRegistry.all().stream().filter(i -> i.category() == Category.LOCKS).map(RuleInfo::id);
    }

    @Test
    void everyRuleOfSectionAHasAProof() {
        assertThat(PROOFS.keySet()).containsExactlyInAnyOrderElementsOf(sectionA().toList());
    }

    /** The versions to prove: {@value #VERSIONS_PROPERTY}, by default those CI runs. */
    static Set<Integer> selectedVersions() {
        return Arrays.stream(System.getProperty(VERSIONS_PROPERTY, CI_VERSIONS).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs a version's proofs only when it is selected. */
    static final class SelectedVersions implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<WithPostgres> annotation = context.getElement()
                    .flatMap(e -> AnnotationSupport.findAnnotation(e, WithPostgres.class));
            if (annotation.isEmpty() || selectedVersions().contains(annotation.get().version())) {
                return ConditionEvaluationResult.enabled("selected");
            }
            return ConditionEvaluationResult.disabled("PostgreSQL " + annotation.get().version() + " is not in "
                    + VERSIONS_PROPERTY + "=" + selectedVersions());
        }
    }

    @ExtendWith(SelectedVersions.class)
    abstract static class OnOneVersion {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.pgsafety.test.CatalogProofTest#sectionA")
        void provesTheRule(String id, TestDatabase database) throws SQLException {
            prove(id, database);
        }
    }

    @Nested @WithPostgres(version = 12) class Pg12 extends OnOneVersion {}
    @Nested @WithPostgres(version = 13) class Pg13 extends OnOneVersion {}
    @Nested @WithPostgres(version = 14) class Pg14 extends OnOneVersion {}
    @Nested @WithPostgres(version = 15) class Pg15 extends OnOneVersion {}
    @Nested @WithPostgres(version = 16) class Pg16 extends OnOneVersion {}
    @Nested @WithPostgres(version = 17) class Pg17 extends OnOneVersion {}
    @Nested @WithPostgres(version = 18) class Pg18 extends OnOneVersion {}

    static void prove(String id, TestDatabase database) throws SQLException {
        RuleInfo info = RuleRegistry.all().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        Proof proof = PROOFS.get(id);
        RulePage page = RulePage.read(id);
        int pg = database.serverMajorVersion();
        runAsWritten(database, proof.setup());

        List<Finding> flagged = verdict(database, id, List.of(page.bad().sql()), page.bad());
        if (flagged.isEmpty()) {
            proveVersionExemption(id, database, page, pg);
        } else if (proof.badFailsWith() != null) {
            assertThatThrownBy(() -> runAsWritten(database, page.bad().sql()))
                    .as(id + ": the bad example fails on PostgreSQL " + pg)
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(proof.badFailsWith()));
        } else {
            proveBad(info, proof, page, flagged, database);
        }

        if (proof.noOnlineForm() != null) {
            Assumptions.abort(id + ": bad example proven; safe alternative not traced: " + proof.noOnlineForm());
        }
        if (pg < proof.safeFormSince()) {
            proveSafeFormMissing(id, database, page, flagged, pg);
            return;
        }
        assertThat(verdict(database, id, page.safe().migrations(), page.safe()))
                .as(id + ": the safe alternative is not flagged on PostgreSQL " + pg).isEmpty();
        List<String> migrations = page.safe().migrations();
        for (int m = 0; m < migrations.size(); m++) {
            Set<String> indexes = indexes(database);
            LockTrace trace = LockTracer.on(database).committing().trace(migrations.get(m));
            String where = id + ", safe alternative, migration " + (m + 1) + " of " + migrations.size()
                    + ", PostgreSQL " + pg + ":\n" + trace.toTable();
            assertThat(trace.failure()).as(where).isEmpty();
            for (StatementTrace s : trace.statements()) {
                if (heavy(s)) {
                    assertThat(strongestDuringWork(s, indexes)).as("statement " + (s.index() + 1) + " scans or rewrites while "
                            + "holding a lock stronger than " + proof.safeMayHold().sql() + " in " + where)
                            .isLessThanOrEqualTo(proof.safeMayHold());
                }
            }
        }
    }

    /** The flagged statements take the stated lock, and do the work the rule says they do. */
    private static void proveBad(RuleInfo info, Proof proof, RulePage page, List<Finding> flagged, TestDatabase database)
            throws SQLException {
        String sql = page.bad().sql();
        List<ParsedStatement> statements = SqlParser.parse(sql).statements();
        LockTrace trace = LockTracer.on(database).trace(sql);
        // A statement outside a transaction is seen only through samples of pg_locks, and a fast one
        // can run between two of them: it is traced again, a few times, before its lock counts as not taken.
        for (int again = 0; again < SAMPLED_RETRACES && sampledBelowStated(trace, statements, flagged, info); again++) {
            LockTrace next = LockTracer.on(database).trace(sql);
            if (!next.failure().isEmpty()) {
                break;
            }
            trace = next;
        }
        int pg = trace.serverMajorVersion();
        String table = "\n" + trace.toTable();
        assertThat(trace.failure()).as(info.id() + ": the bad example runs on PostgreSQL " + pg + table).isEmpty();
        for (Finding finding : flagged) {
            StatementTrace s = trace.statement(statementAt(statements, finding.line()));
            LockMode stated = stated(finding, info);
            if (stated != null) {
                assertThat(strongest(s)).as(info.id() + ": the finding says " + stated.sql() + "; PostgreSQL " + pg
                        + " takes" + table).isGreaterThanOrEqualTo(stated);
            }
            if (proof.rewrites()) {
                assertThat(s.rewrites()).as(info.id() + ": PostgreSQL " + pg + " rewrites" + table).isNotEmpty();
            }
            if (info.sizeDependent()) {
                assertThat(!s.rewrites().isEmpty() || !s.scans().isEmpty())
                        .as(info.id() + " is size-dependent: PostgreSQL " + pg + " scans or rewrites" + table).isTrue();
            }
        }
    }

    /**
     * The rule lets its bad example through on this version: only right when the page pins the
     * example to an older version, and then the server must accept it.
     */
    private static void proveVersionExemption(String id, TestDatabase database, RulePage page, int pg) {
        assertThat(page.bad().pg()).as(id + " does not flag its own bad example on PostgreSQL " + pg).isPresent();
        assertThat(page.bad().pg().getAsInt()).as(id + ": the bad example's version").isLessThan(pg);
        try {
            runAsWritten(database, page.bad().sql());
        } catch (SQLException e) {
            fail(id + " lets its bad example through on PostgreSQL " + pg + ", but the server refuses it: "
                    + e.getSQLState() + " " + e.getMessage());
        }
    }

    /** Before the safe form exists, the server refuses it and the finding does not offer it. */
    private static void proveSafeFormMissing(String id, TestDatabase database, RulePage page, List<Finding> flagged, int pg) {
        assertThatThrownBy(() -> runAsWritten(database, page.safe().sql()))
                .as(id + ": PostgreSQL " + pg + " has no safe form yet").isInstanceOf(SQLException.class);
        String safeStatement = oneLine(SqlParser.parse(page.safe().sql()).statements().get(0).text());
        assertThat(flagged).isNotEmpty().allSatisfy(f -> assertThat(oneLine(f.safeAlternative()))
                .as(id + ": the finding on PostgreSQL " + pg + " must not offer what the server refuses")
                .doesNotContain(safeStatement.replaceAll(";$", "")));
    }

    private static String oneLine(String sql) {
        return sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
    }

    /** Statements whose cost grows with the data: they must not hold strong locks meanwhile. */
    private static boolean heavy(StatementTrace s) {
        return !s.rewrites().isEmpty() || !s.scans().isEmpty() || s.execution() == Execution.AUTOCOMMIT_SAMPLED;
    }

    /**
     * The strongest lock held while the statement worked. A concurrent statement that drops an
     * index (DROP INDEX CONCURRENTLY, the old copy in REINDEX CONCURRENTLY) takes ACCESS EXCLUSIVE
     * on it only after marking it dead, when no query uses it any more: such index locks are left out.
     */
    private static LockMode strongestDuringWork(StatementTrace s, Set<String> indexes) {
        return s.locks().stream()
                .filter(l -> s.execution() != Execution.AUTOCOMMIT_SAMPLED || !indexes.contains(l.relation()))
                .map(RelationLock::mode).max(Enum::compareTo).orElse(LockMode.ACCESS_SHARE);
    }

    private static Set<String> indexes(TestDatabase database) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT n.nspname || '.' || c.relname FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('i', 'I')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static final int SAMPLED_RETRACES = 5;

    private static LockMode stated(Finding finding, RuleInfo info) {
        return finding.lock() != null ? finding.lock() : info.lock().length > 0 ? info.lock()[0] : null;
    }

    /** Whether a sampled statement of {@code trace} was seen with a weaker lock than its finding states. */
    private static boolean sampledBelowStated(LockTrace trace, List<ParsedStatement> statements, List<Finding> flagged,
            RuleInfo info) {
        if (trace.failure().isPresent()) {
            return false;
        }
        for (Finding finding : flagged) {
            StatementTrace s = trace.statement(statementAt(statements, finding.line()));
            LockMode stated = stated(finding, info);
            if (s.execution() == Execution.AUTOCOMMIT_SAMPLED && stated != null
                    && strongest(s).compareTo(stated) < 0) {
                return true;
            }
        }
        return false;
    }

    private static LockMode strongest(StatementTrace s) {
        return s.locks().stream().map(RelationLock::mode).max(Enum::compareTo).orElse(LockMode.ACCESS_SHARE);
    }

    private static int statementAt(List<ParsedStatement> statements, int line) {
        for (int i = 0; i < statements.size(); i++) {
            var span = statements.get(i).statement().span();
            if (span.line() <= line && line <= span.endLine()) {
                return i;
            }
        }
        throw new IllegalStateException("no statement at line " + line);
    }

    /** Findings of {@code rule} (not allowed by a directive) with the live catalog of the database. */
    static List<Finding> verdict(TestDatabase database, String rule, List<String> migrations, RulePage.Example example)
            throws SQLException {
        try (Connection c = database.open()) {
            List<Migration> run = new ArrayList<>();
            for (int i = 0; i < migrations.size(); i++) {
                run.add(Migration.builder(rule + "-" + (i + 1) + ".sql", migrations.get(i))
                        .kind(example.kind()).transactionMode(example.tx()).build());
            }
            return new Analyzer(SafetyConfig.defaults(), new JdbcCatalog(c)).analyze(run).findings().stream()
                    .filter(f -> f.rule().equals(rule) && !f.allowed()).toList();
        }
    }

    /** Runs {@code sql} statement by statement on an autocommit connection, as psql runs a file. */
    static void runAsWritten(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            for (ParsedStatement statement : SqlParser.parse(sql).statements()) {
                if (!statement.tokens().isEmpty()) {
                    st.execute(statement.text());
                }
            }
        }
    }
}

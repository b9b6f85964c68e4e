package io.pgsafety.core.analysis;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.directive.Directive;
import io.pgsafety.core.directive.Directives;
import io.pgsafety.core.rules.FindingBuilder;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.parser.ParseResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The analysis engine: parses each migration, runs every rule over every statement (including
 * the SQL run by {@code DO} blocks) with the scope, transaction and catalog facts known at that
 * point, and turns what the rules report into findings with severities and suppressions applied.
 *
 * <p>Migrations passed to one {@link #analyze} call are one run, in order: with a live catalog,
 * objects created by an earlier migration of the run count as created in scope; in static mode
 * each migration assumes every table it did not create exists. Facts learned along the way
 * (column types, validated NOT NULL checks) hold for the rest of the run in both modes. A down
 * migration between two up ones (V1, U1, V2: each version with its undo script) sees what the
 * run did so far, but what it does is forgotten when the next up migration starts, since undo
 * scripts do not run between versions; consecutive down migrations (rollbacks, last first) build
 * on each other.
 *
 * <p>With a live catalog, every relation the run's statements lock or name is read in one
 * catalog query before the rules run ({@link Catalog#prefetch}).
 */
public final class Analyzer {

    /** Version assumed when neither the server nor the configuration says. */
    public static final int DEFAULT_PG_VERSION = 16;

    private final SafetyConfig config;
    private final Catalog catalog;
    private Map<Rule, RuleInfo> infos;

    public Analyzer(SafetyConfig config, Catalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    /** The version verdicts are for: the live server's, else the configured one, else 16. */
    public int pgVersion() {
        if (catalog.isLive() && catalog.serverMajorVersion().isPresent()) {
            return catalog.serverMajorVersion().getAsInt();
        }
        return config.pgVersion().orElse(DEFAULT_PG_VERSION);
    }

    public AnalysisResult analyze(List<Migration> migrations) {
        return analyzeEach(List.of(migrations));
    }

    /**
     * Several runs, each analysed as {@link #analyze} analyses one, on a scope of its own: no run
     * sees what another creates. With a live catalog the relations of all of them are read in
     * one query. The findings are each run's in {@link #analyze}'s order, run after run.
     */
    public AnalysisResult analyzeEach(List<List<Migration>> runs) {
        int pg = pgVersion();
        List<List<ParseResult>> parsed = catalog.isLive() ? parseAndPrefetch(runs) : null;
        List<Finding> findings = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        int statements = 0;
        for (int i = 0; i < runs.size(); i++) {
            statements += analyzeRun(runs.get(i), parsed == null ? null : parsed.get(i), pg, findings, sources);
        }
        return new AnalysisResult(sources.size(), statements, findings, sources);
    }

    /** One run's findings go to {@code findings}, sorted; returns how many statements it had. */
    private int analyzeRun(List<Migration> migrations, List<ParseResult> parsed, int pg, List<Finding> findings,
            Map<String, String> sources) {
        List<Rule> rules = RuleRegistry.newInstances();
        infos = new IdentityHashMap<>();
        List<Rule> enabled = new ArrayList<>();
        List<Rule> enabledForDown = new ArrayList<>();
        for (Rule rule : rules) {
            RuleInfo info = RuleRegistry.info(rule);
            infos.put(rule, info);
            if (effectiveSeverity(info) != Severity.OFF) {
                enabled.add(rule);
                if (info.appliesToDown()) {
                    enabledForDown.add(rule);
                }
            }
        }
        List<Finding> runFindings = new ArrayList<>();
        Scope scope = new Scope();
        boolean inDown = false;
        int statements = 0;
        // the transaction the last forward migration left open to the next one (Migration#sharedTransaction)
        TransactionTracker sharedTransaction = null;
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            boolean down = m.kind() == Migration.Kind.DOWN;
            if (down && !inDown) {
                scope.mark();
                inDown = true;
            } else if (!down && inDown) {
                scope.rollBack();
                inDown = false;
            }
            if (!catalog.isLive()) {
                scope.forgetCreatedRelations();
            }
            sources.putIfAbsent(m.path(), m.sql());
            TransactionTracker tracker = !down && m.sharedTransaction() && sharedTransaction != null
                    ? sharedTransaction : new TransactionTracker(m.transactionMode(), pg);
            MigrationRun run = new MigrationRun(m, scope, pg, tracker, down ? enabledForDown : enabled, runFindings);
            statements += run.execute(parsed != null ? parsed.get(i) : m.parse());
            if (!down) {
                sharedTransaction = m.sharedTransaction() ? tracker : null;
            }
        }
        if (runFindings.size() > 1) {
            runFindings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
                    .thenComparingInt(Finding::column).thenComparing(Finding::rule));
        }
        findings.addAll(runFindings);
        return statements;
    }

    /**
     * Parses every migration and reads the relations they lock from the catalog in one query,
     * instead of one query per relation as rules first ask. Static mode skips this and parses
     * each migration when its turn comes, so a large input is never held parsed all at once.
     */
    private List<List<ParseResult>> parseAndPrefetch(List<List<Migration>> runs) {
        List<List<ParseResult>> parsed = new ArrayList<>(runs.size());
        List<QualifiedName> relations = new ArrayList<>();
        for (List<Migration> run : runs) {
            List<ParseResult> runParsed = new ArrayList<>(run.size());
            for (Migration m : run) {
                runParsed.add(m.parse());
            }
            parsed.add(runParsed);
            relations.addAll(LockedRelations.of(runParsed));
        }
        catalog.prefetch(relations);
        return parsed;
    }

    private Severity effectiveSeverity(RuleInfo info) {
        Optional<Severity> configured = config.ruleSeverity(info.id());
        if (configured.isPresent()) {
            return configured.get();
        }
        if (info.id().equals("unparsed-statement") && config.strict()) {
            return Severity.ERROR;
        }
        if (info.id().equals("missing-undo") && !config.requireUndo()) {
            return Severity.OFF;
        }
        return info.severity();
    }

    /** Allow directives in force over a range of the migration text. */
    private record AllowRange(int from, int to, List<Directive> allows) {}

    /** One migration's pass over its statements; it is also the context rules see. */
    private final class MigrationRun implements StatementContext {
        private final Migration migration;
        private final Scope scope;
        private final int pg;
        private final List<Rule> active;
        private final List<Finding> findings;
        private final TransactionTracker tracker;
        private final List<AllowRange> allowRanges = new ArrayList<>();
        private final Set<String> emitted = new HashSet<>();
        private List<Token> comments = List.of();
        private List<Directive> fileAllows = List.of();

        private Rule currentRule;
        private ParsedStatement currentStatement;
        private boolean currentInsideDo;
        private TransactionState currentState;
        private List<Directive> currentAllows = List.of();

        /**
         * {@code tracker}: the migration's transactions, or those it shares with the migrations
         * before it; {@code active}: the rules that are on, and for a DOWN migration only those
         * that fit one.
         */
        MigrationRun(Migration migration, Scope scope, int pg, TransactionTracker tracker, List<Rule> active,
                List<Finding> findings) {
            this.migration = migration;
            this.scope = scope;
            this.pg = pg;
            this.findings = findings;
            this.tracker = tracker;
            this.active = active;
        }

        int execute(ParseResult parsed) {
            comments = parsed.comments();
            fileAllows = new ArrayList<>();
            for (Directive directive : Directives.parseAll(comments)) {
                if (directive.kind() == Directive.Kind.ALLOW_FILE) {
                    fileAllows.add(directive);
                }
            }
            for (ParsedStatement ps : parsed.statements()) {
                visit(ps, false, List.of());
            }
            currentStatement = null;
            currentAllows = List.of();
            for (Rule rule : active) {
                currentRule = rule;
                try {
                    rule.finish(this);
                } catch (RuntimeException e) {
                    ruleFailed(e, null);
                }
            }
            return parsed.statements().size();
        }

        private void visit(ParsedStatement ps, boolean insideDo, List<Directive> inherited) {
            Statement s = ps.statement();
            TransactionState state = tracker.before(s);
            if (insideDo && !state.open()) {
                state = new TransactionState(true, false, state.heldLocks(), state.notValidConstraints(),
                        state.statementsSoFar());
            }
            List<Directive> allows = new ArrayList<>(inherited);
            for (Directive d : Directives.parseAll(ps.leadingComments())) {
                if (d.kind() == Directive.Kind.ALLOW) {
                    allows.add(d);
                }
            }
            allowRanges.add(new AllowRange(s.span().offset(), s.span().endOffset(), allows));
            currentStatement = ps;
            currentInsideDo = insideDo;
            currentState = state;
            currentAllows = allows;
            for (Rule rule : active) {
                currentRule = rule;
                try {
                    rule.check(this);
                } catch (RuntimeException e) {
                    ruleFailed(e, s.span());
                }
            }
            List<TableLock> locks = new ArrayList<>();
            if (state.open()) {
                for (TableLock l : StatementLocks.of(s, n -> tableOfIndex(n).orElse(null))) {
                    if (isExistingTable(l.table())) {
                        locks.add(l);
                    }
                }
            }
            tracker.after(s, ps.text(), locks, s.span(), migration);
            scope.apply(ps);
            if (s instanceof Statement.Do d) {
                for (ParsedStatement inner : d.body()) {
                    visit(inner, true, allows);
                }
            }
        }


        /** A rule that throws must not stop the analysis: its failure is reported instead. */
        private void ruleFailed(RuntimeException e, Span at) {
            Span where = at != null ? at : new Span(0, 0, 1, 1, 1, 1);
            add(where, "unparsed-statement", Severity.WARNING, null, null,
                    "Rule " + infos.get(currentRule).id() + " failed on this statement ("
                            + e + "); it was not checked by that rule.", null);
        }

        // --- StatementContext ---

        @Override
        public Migration migration() {
            return migration;
        }

        @Override
        public int pgVersion() {
            return pg;
        }

        @Override
        public boolean staticMode() {
            return !catalog.isLive();
        }

        @Override
        public List<Token> comments() {
            return comments;
        }

        @Override
        public ParsedStatement statement() {
            return currentStatement;
        }

        @Override
        public boolean insideDoBlock() {
            return currentInsideDo;
        }

        @Override
        public boolean isExistingTable(QualifiedName table) {
            if (table == null || scope.isCreated(table)) {
                return false;
            }
            return !catalog.isLive() || catalog.relation(table).isPresent() || catalog.isUnknown(table);
        }

        @Override
        public boolean isCreatedInScope(QualifiedName name) {
            return scope.isCreated(name);
        }

        @Override
        public Optional<QualifiedName> tableOfIndex(QualifiedName index) {
            Optional<QualifiedName> inScope = scope.tableOfIndex(index);
            if (inScope.isPresent() || scope.isCreated(index)) {
                return inScope;
            }
            return catalog.relation(index).map(RelationInfo::table);
        }

        @Override
        public OptionalLong estimatedRows(QualifiedName table) {
            if (table == null || scope.isCreated(table)) {
                return OptionalLong.empty();
            }
            return catalog.relation(table).map(r -> OptionalLong.of(r.estimatedRows())).orElse(OptionalLong.empty());
        }

        @Override
        public Optional<String> columnType(QualifiedName table, String column) {
            Optional<String> inScope = scope.columnType(table, column);
            return inScope.isPresent() ? inScope : catalog.columnType(table, column);
        }

        @Override
        public boolean hasValidatedNotNullCheck(QualifiedName table, String column) {
            return scope.hasValidatedNotNullCheck(table, column) || catalog.hasValidatedNotNullCheck(table, column);
        }

        @Override
        public boolean inTransaction() {
            return currentState != null && currentState.open();
        }

        @Override
        public TransactionState transaction() {
            return currentState;
        }

        @Override
        public FindingBuilder report(Span at) {
            return new Builder(infos.get(currentRule), at);
        }

        // --- findings ---

        private final class Builder implements FindingBuilder {
            private final RuleInfo info;
            private final Span at;
            private String object;
            private QualifiedName table;
            private LockMode lock;
            private String message;
            private String alternative;

            Builder(RuleInfo info, Span at) {
                this.info = info;
                this.at = at;
                this.lock = info.lock().length > 0 ? info.lock()[0] : null;
            }

            @Override
            public FindingBuilder object(String object) {
                this.object = object;
                return this;
            }

            @Override
            public FindingBuilder object(QualifiedName table) {
                this.table = table;
                this.object = table == null ? null : table.sql();
                return this;
            }

            @Override
            public FindingBuilder lock(LockMode lock) {
                this.lock = lock;
                return this;
            }

            @Override
            public FindingBuilder message(String message) {
                this.message = message;
                return this;
            }

            @Override
            public FindingBuilder alternative(String sql) {
                this.alternative = sql;
                return this;
            }

            @Override
            public void emit() {
                Severity severity = effectiveSeverity(info);
                if (severity == Severity.OFF) {
                    return;
                }
                if (info.sizeDependent() && severity == Severity.ERROR && isSmall(table)) {
                    severity = Severity.WARNING;
                }
                add(at, info.id(), severity, object, lock, message == null ? info.summary() : message,
                        migration.sharedTransaction() ? SafeAlternative.forSharedTransaction(alternative) : alternative);
            }
        }

        private boolean isSmall(QualifiedName table) {
            if (table == null || config.smallTableRows().isEmpty() || !catalog.isLive()) {
                return false;
            }
            OptionalLong rows = estimatedRows(table);
            return rows.isPresent() && rows.getAsLong() >= 0 && rows.getAsLong() < config.smallTableRows().getAsLong();
        }

        private void add(Span at, String rule, Severity severity, String object, LockMode lock, String message,
                String alternative) {
            if (!emitted.add(rule + "@" + at.offset() + ":" + at.endOffset())) {
                return;
            }
            String reason = allowReason(rule, at);
            int shift = migration.firstLine() - 1;
            findings.add(new Finding(migration.path(), at.line() + shift, at.column(), at.endLine() + shift,
                    at.endColumn(), rule, severity, reason != null, reason, object, lock,
                    lock == null ? List.of() : List.copyOf(lock.blocks()), message, alternative, migration.name()));
        }

        /** The reason of a directive allowing {@code rule} at {@code at}, or null. */
        private String allowReason(String rule, Span at) {
            List<Directive> candidates = new ArrayList<>();
            if (currentStatement != null) {
                candidates.addAll(currentAllows);
            } else {
                for (AllowRange r : allowRanges) {
                    if (r.from() <= at.offset() && at.offset() < Math.max(r.to(), r.from() + 1)) {
                        candidates.addAll(r.allows());
                    }
                }
            }
            candidates.addAll(fileAllows);
            for (Directive d : candidates) {
                if (d.reason() != null && d.rules().contains(rule)) {
                    return d.reason();
                }
            }
            if (migration.allowedRules().contains(rule) && migration.allowReason() != null
                    && !migration.allowReason().isBlank()) {
                return migration.allowReason();
            }
            return null;
        }
    }
}

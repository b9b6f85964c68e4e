package io.pgsafety.cli;

import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.Migration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Migrations analysed in one {@code Analyzer.analyze} call, and how their findings are placed in
 * the files the user wrote ({@code locate}: the identity where the SQL is the file itself; for a
 * Liquibase changelog, the generated SQL's lines become the changelog's).
 */
record AnalysisRun(List<Migration> migrations, UnaryOperator<Finding> locate) {

    static AnalysisRun ofSql(List<Migration> migrations) {
        return new AnalysisRun(migrations, UnaryOperator.identity());
    }
}

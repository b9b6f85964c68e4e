package io.pgsafety.core.rules.process;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "unparsed-statement",
        severity = Severity.WARNING,
        category = Category.PROCESS,
        summary = "A statement the analyzer could not read, so no rule checked it")
public final class UnparsedStatement implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (ctx.ast() instanceof Statement.Unparsed u) {
            ctx.report(u.span())
                    .message("This statement could not be parsed (" + u.reason() + "), so none of the safety rules"
                            + " checked it. It is reported rather than passed silently: review its locks by hand,"
                            + " or rewrite it in a form the analyzer reads.")
                    .alternative("-- If the statement is known to be safe, say so for reviewers:\n"
                            + "-- safety:allow unparsed-statement reason=\"<why this is safe>\"")
                    .emit();
        }
    }
}

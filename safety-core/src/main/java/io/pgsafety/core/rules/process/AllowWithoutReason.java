package io.pgsafety.core.rules.process;

import io.pgsafety.core.directive.Directive;
import io.pgsafety.core.directive.Directives;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.MigrationContext;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.rules.Severity;
import java.util.List;
import java.util.Set;

@RuleInfo(
        id = "allow-without-reason",
        severity = Severity.ERROR,
        category = Category.PROCESS,
        summary = "A safety:allow directive with no reason=\"…\", or naming an unknown rule")
public final class AllowWithoutReason implements Rule {

    @Override
    public void finish(MigrationContext ctx) {
        Set<String> known = RuleRegistry.knownIds();
        for (Directive d : Directives.parseAll(ctx.comments())) {
            String directive = switch (d.kind()) {
                case ALLOW -> "safety:allow";
                case ALLOW_FILE -> "safety:allow-file";
                case IRREVERSIBLE -> "safety:irreversible";
            };
            List<String> unknown = d.rules().stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                ctx.report(d.span())
                        .message(directive + " names " + String.join(", ", unknown)
                                + (unknown.size() == 1 ? ", which is not a rule id" : ", which are not rule ids")
                                + ": nothing is allowed by it. Rule ids are listed in docs/rules/README.md.")
                        .alternative("-- " + directive + " <rule-id>[,<rule-id>…] reason=\"<why this is safe here>\"")
                        .emit();
            }
            if (d.kind() != Directive.Kind.IRREVERSIBLE && d.rules().isEmpty()) {
                ctx.report(d.span())
                        .message(directive + " names no rule: say which rule it allows, so that other findings"
                                + " on the statement are still reported.")
                        .alternative("-- " + directive + " <rule-id> reason=\"<why this is safe here>\"")
                        .emit();
            } else if (d.reason() == null) {
                String ids = String.join(",", d.rules());
                ctx.report(d.span())
                        .message(directive + " has no reason=\"…\": a suppression without a reason hides a risk"
                                + " from reviewers, so it does not take effect until it says why.")
                        .alternative("-- " + directive + (ids.isEmpty() ? "" : " " + ids)
                                + " reason=\"<why this is safe here, e.g. the table has 200 rows>\"")
                        .emit();
            }
        }
    }
}

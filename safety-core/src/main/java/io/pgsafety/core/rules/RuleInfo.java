package io.pgsafety.core.rules;

import io.pgsafety.core.sql.ast.LockMode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata, declared once on its class (as Error Prone's {@code @BugPattern}). The id is
 * a public contract: never rename one. The docs page is {@code docs/rules/<id>.md}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {

    String id();

    Severity severity();

    Category category();

    /** One line: what the rule flags. */
    String summary();

    /** The lock the flagged statement takes; empty when no lock is the point. */
    LockMode[] lock() default {};

    /**
     * True when the cost grows with the table (scans, rewrites, index builds): such errors
     * become warnings below {@code smallTableRows} estimated rows when that key is set.
     */
    boolean sizeDependent() default false;

    /**
     * False for rules that make no sense in a down (undo / rollback) migration, such as the
     * expand/contract rules: an undo script drops what its up script created.
     */
    boolean appliesToDown() default true;
}

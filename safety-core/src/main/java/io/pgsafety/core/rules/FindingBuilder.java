package io.pgsafety.core.rules;

import io.pgsafety.core.sql.ast.LockMode;

/** Fluent assembly of one finding; defaults come from the rule's {@link RuleInfo}. */
public interface FindingBuilder {

    /** The table or object the statement touches, as SQL ({@code public.orders}). */
    FindingBuilder object(String object);

    /** The table the statement touches; also used for its estimated size (smallTableRows). */
    FindingBuilder object(io.pgsafety.core.sql.ast.QualifiedName table);

    /** Overrides the rule's declared lock. */
    FindingBuilder lock(LockMode lock);

    /** The one-paragraph why: what the statement does, the lock, what it blocks. */
    FindingBuilder message(String message);

    /** The concrete SQL to run instead, with the user's identifiers (see {@link SafeAlternative}). */
    FindingBuilder alternative(String sql);

    void emit();
}

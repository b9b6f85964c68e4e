package io.pgsafety.core.rules;

/** The sections of the rule catalog. */
public enum Category {
    /** A. Locks and rewrites that stall production traffic. */
    LOCKS,
    /** B. Backward compatibility (expand / contract). */
    COMPATIBILITY,
    /** C. Data changes inside migrations. */
    DATA,
    /** D. Process. */
    PROCESS,
    /** E. Type hygiene (opt-in, off by default). */
    HYGIENE
}

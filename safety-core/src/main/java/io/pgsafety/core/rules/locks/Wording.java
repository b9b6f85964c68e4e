package io.pgsafety.core.rules.locks;

/** Phrases the section A rules share, so every finding explains locks and transactions alike. */
final class Wording {

    /** Title suffix for a migration part that PostgreSQL refuses to run in a transaction block. */
    static final String OUTSIDE_TRANSACTION =
            "outside a transaction (Flyway: executeInTransaction=false; Liquibase: runInTransaction:false)";

    /** What an ACCESS EXCLUSIVE lock keeps waiting, and why that hurts even for a short statement. */
    static final String ACCESS_EXCLUSIVE_BLOCKS = "every query on it, plain SELECTs included, waits until the "
            + "transaction ends, and so does everything that queues up behind those queries";

    /** What SHARE, SHARE ROW EXCLUSIVE and EXCLUSIVE keep waiting. */
    static final String WRITES_BLOCKED = "every INSERT, UPDATE and DELETE";

    private Wording() {}

    /** "PostgreSQL 16" for messages about what a version can or cannot do. */
    static String postgres(int major) {
        return "PostgreSQL " + major;
    }
}

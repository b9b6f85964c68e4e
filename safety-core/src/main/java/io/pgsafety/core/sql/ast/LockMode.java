package io.pgsafety.core.sql.ast;

import java.util.EnumSet;
import java.util.Set;

/** PostgreSQL table-level lock modes, weakest first, and what each one blocks for others. */
public enum LockMode {
    ACCESS_SHARE("ACCESS SHARE"),
    ROW_SHARE("ROW SHARE"),
    ROW_EXCLUSIVE("ROW EXCLUSIVE"),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE"),
    SHARE("SHARE"),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE"),
    EXCLUSIVE("EXCLUSIVE"),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE");

    /** What other sessions are kept from doing while the lock is held. */
    public enum Blocks {
        READS, WRITES, DDL;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String sql;

    LockMode(String sql) {
        this.sql = sql;
    }

    /** The mode as PostgreSQL spells it: {@code SHARE ROW EXCLUSIVE}. */
    public String sql() {
        return sql;
    }

    /**
     * Plain SELECTs take ACCESS SHARE, INSERT/UPDATE/DELETE take ROW EXCLUSIVE, DDL takes SHARE
     * UPDATE EXCLUSIVE or stronger: this is what each mode keeps waiting.
     */
    public Set<Blocks> blocks() {
        return switch (this) {
            case ACCESS_SHARE, ROW_SHARE -> EnumSet.of(Blocks.DDL);
            case ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE -> EnumSet.of(Blocks.DDL);
            case SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE -> EnumSet.of(Blocks.WRITES, Blocks.DDL);
            case ACCESS_EXCLUSIVE -> EnumSet.of(Blocks.READS, Blocks.WRITES, Blocks.DDL);
        };
    }

    public boolean atLeast(LockMode other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code "share row exclusive"} (any case, any spacing); null when unknown. */
    public static LockMode fromSql(String text) {
        String norm = text.trim().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
        for (LockMode m : values()) {
            if (m.sql.equals(norm)) {
                return m;
            }
        }
        return null;
    }
}

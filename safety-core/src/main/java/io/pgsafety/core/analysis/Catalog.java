package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Facts about the live database a migration will run against. {@link #NONE} is static mode
 * (CLI lint): nothing is known, so every table not created in the same migration is assumed to
 * exist. Names are resolved as the server would, following {@code search_path}.
 */
public interface Catalog {

    Catalog NONE = new Catalog() {
        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public OptionalInt serverMajorVersion() {
            return OptionalInt.empty();
        }

        @Override
        public Optional<RelationInfo> relation(QualifiedName name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> columnType(QualifiedName table, String column) {
            return Optional.empty();
        }

        @Override
        public boolean hasValidatedNotNullCheck(QualifiedName table, String column) {
            return false;
        }
    };

    /** False for static mode. */
    boolean isLive();

    OptionalInt serverMajorVersion();

    Optional<RelationInfo> relation(QualifiedName name);

    /** {@code format_type} of the column, e.g. {@code character varying(20)}. */
    Optional<String> columnType(QualifiedName table, String column);

    /** True if a validated CHECK constraint proves {@code column IS NOT NULL}. */
    boolean hasValidatedNotNullCheck(QualifiedName table, String column);

    /**
     * True when the facts about {@code name} could not be read (a failed query): the relation
     * may exist, so the analyzer treats it as existing rather than skipping its findings.
     */
    default boolean isUnknown(QualifiedName name) {
        return false;
    }

    /**
     * Reads ahead the facts about {@code names}, which the analysis is about to ask for: a live
     * catalog answers them all with one query instead of one per name. Names not read ahead
     * (or whose read-ahead failed) are still answered when asked for.
     */
    default void prefetch(Collection<QualifiedName> names) {}
}

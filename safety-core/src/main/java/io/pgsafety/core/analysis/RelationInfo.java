package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;

/**
 * Catalog facts about one relation. {@code name} is schema-qualified; {@code table} is the
 * table of an index (null otherwise); {@code estimatedRows} is {@code pg_class.reltuples}
 * (-1 when never analysed); {@code valid} is false for an INVALID index.
 */
public record RelationInfo(QualifiedName name, ObjectKind kind, boolean partitioned, long estimatedRows,
        QualifiedName table, boolean valid) {}

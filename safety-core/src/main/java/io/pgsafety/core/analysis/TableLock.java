package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;

/** A table-level lock a statement takes on {@code table}. */
public record TableLock(QualifiedName table, LockMode mode) {}

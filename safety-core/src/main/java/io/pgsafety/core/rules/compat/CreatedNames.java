package io.pgsafety.core.rules.compat;

import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/** Names of non-relation objects of one kind (schemas, databases) created earlier in a migration. */
final class CreatedNames {

    private final ObjectKind kind;
    private final List<QualifiedName> names = new ArrayList<>();

    CreatedNames(ObjectKind kind) {
        this.kind = kind;
    }

    /** Remembers the object {@code statement} creates; true when it is a CREATE of this kind. */
    boolean record(Statement statement) {
        if (statement instanceof Statement.CreateObject create && create.kind() == kind && create.name() != null) {
            names.add(create.name());
            return true;
        }
        return false;
    }

    boolean contains(QualifiedName name) {
        return names.stream().anyMatch(n -> n.sameObject(name));
    }

    void clear() {
        names.clear();
    }
}

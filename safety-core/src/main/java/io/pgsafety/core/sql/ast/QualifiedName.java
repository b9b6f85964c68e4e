package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;

/**
 * A possibly schema-qualified object name. Parts are normalised as PostgreSQL does: unquoted
 * identifiers lower-cased, quoted ones kept verbatim. {@code schema} is null when unqualified.
 */
public record QualifiedName(String schema, String name, Span span) {

    /** The name as SQL, quoted where needed: {@code public.orders}, {@code "Order"}. */
    public String sql() {
        return schema == null ? Identifiers.quote(name) : Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** {@code schema.name} with {@code defaultSchema} filled in when unqualified. */
    public String qualified(String defaultSchema) {
        return (schema == null ? defaultSchema : schema) + "." + name;
    }

    /** Same object, ignoring spans; an unqualified name matches any schema. */
    public boolean sameObject(QualifiedName other) {
        if (other == null || !name.equals(other.name)) {
            return false;
        }
        return schema == null || other.schema == null || schema.equals(other.schema);
    }

    @Override
    public String toString() {
        return sql();
    }
}

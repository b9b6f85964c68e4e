package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * A data type as written. {@code name} is canonical: the parser maps SQL-standard spellings to
 * PostgreSQL's internal names, lower case:
 * {@code int2 int4 int8 smallserial serial bigserial float4 float8 numeric bool varchar bpchar
 * text bytea date time timetz timestamp timestamptz interval bit varbit json jsonb uuid inet cidr
 * macaddr money xml}; anything else is the written name, lower-cased, schema-qualified with a dot
 * when written so ({@code public.my_type}). {@code modifiers} are the parenthesised type
 * modifiers as written ({@code varchar(20)} → {@code ["20"]}; {@code numeric(10,2)} →
 * {@code ["10","2"]}; {@code timestamp(3) with time zone} → {@code ["3"]}). {@code text} is the
 * exact source text.
 */
public record TypeName(String name, List<String> modifiers, int arrayDimensions, String text, Span span) {

    public TypeName {
        modifiers = List.copyOf(modifiers);
    }

    public boolean isArray() {
        return arrayDimensions > 0;
    }

    /** The i-th modifier as an int, or -1 when absent or not a number. */
    public int modifier(int i) {
        if (i >= modifiers.size()) {
            return -1;
        }
        try {
            return Integer.parseInt(modifiers.get(i).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean isSerial() {
        return name.equals("serial") || name.equals("bigserial") || name.equals("smallserial");
    }
}

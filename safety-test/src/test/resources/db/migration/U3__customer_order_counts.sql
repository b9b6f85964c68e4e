ALTER TABLE orders DROP CONSTRAINT orders_shipped_has_note;
DROP VIEW customer_order_counts;
DROP FUNCTION order_count(bigint);

DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_fk;

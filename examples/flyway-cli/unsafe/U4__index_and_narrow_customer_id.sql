ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
DROP INDEX CONCURRENTLY orders_customer_id_idx;

DROP INDEX CONCURRENTLY orders_shipped_at_idx;
ALTER TABLE orders DROP COLUMN carrier;
ALTER TABLE orders DROP COLUMN shipped_at;

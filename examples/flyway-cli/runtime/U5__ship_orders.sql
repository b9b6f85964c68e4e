ALTER TABLE orders DROP COLUMN carrier;
-- drops orders_shipped_at_idx with it
ALTER TABLE orders DROP COLUMN shipped_at;

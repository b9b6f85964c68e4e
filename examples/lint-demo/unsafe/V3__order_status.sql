ALTER TABLE orders ADD COLUMN status text NOT NULL;
ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);

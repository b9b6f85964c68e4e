-- The unsafe way to do V4: both statements block writes to orders for as long as they run.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
ALTER TABLE orders ALTER COLUMN customer_id TYPE int;

-- the library runs CONCURRENTLY statements outside Flyway's transaction
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);

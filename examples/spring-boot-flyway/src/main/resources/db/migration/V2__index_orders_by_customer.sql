-- Built while the shop keeps taking orders: CONCURRENTLY, so Flyway runs this script outside a transaction.
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);

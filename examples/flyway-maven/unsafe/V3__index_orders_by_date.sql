-- The next release's draft: built without CONCURRENTLY, the index blocks every write to orders
-- for the whole build.
CREATE INDEX orders_created_at_idx ON orders (created_at);

-- One script, two kinds of statement: the ALTERs run in a transaction, the concurrent build
-- cannot. pg-safety runs the build on its own between them, with Flyway's default settings.
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
CREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders (shipped_at);
ALTER TABLE orders ADD COLUMN carrier text;

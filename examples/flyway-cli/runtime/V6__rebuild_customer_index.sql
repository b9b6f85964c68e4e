-- Flyway's parser would run REINDEX … CONCURRENTLY in the script's transaction, where it fails;
-- pg-safety runs it on its own.
COMMENT ON COLUMN orders.carrier IS 'who ships the order';
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;

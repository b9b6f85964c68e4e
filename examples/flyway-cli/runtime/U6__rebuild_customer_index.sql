-- The rebuilt index is the same index: only the comment is undone.
COMMENT ON COLUMN orders.carrier IS NULL;

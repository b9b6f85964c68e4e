--liquibase formatted sql

--changeset shop:8
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
--rollback DROP INDEX CONCURRENTLY orders_customer_idx;

--changeset shop:9
-- safety:irreversible reason="comments only; a rollback would restore nothing anyone reads"
COMMENT ON COLUMN orders.status IS 'new, paid, shipped or cancelled';
--rollback empty

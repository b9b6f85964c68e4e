-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY orders_id2_idx ON orders (id);

-- +goose Down
-- nothing to undo

-- +goose Up
-- +goose StatementBegin
CREATE TABLE t (id int);
-- +goose StatementEnd
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);

-- +goose Down
DROP INDEX orders_id_idx;
DROP TABLE t;

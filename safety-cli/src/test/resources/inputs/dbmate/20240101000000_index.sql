-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY a_idx ON a (id);

-- migrate:down
DROP INDEX CONCURRENTLY a_idx;

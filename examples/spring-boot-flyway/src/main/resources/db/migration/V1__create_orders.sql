CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now(),
    note        text
);

-- demo data: a table that is already in use when the next migrations run
INSERT INTO orders (id, customer_id, note)
SELECT g, g % 500, 'order ' || g FROM generate_series(1, 5000) g;

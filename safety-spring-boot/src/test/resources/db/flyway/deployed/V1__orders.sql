CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, note text);
INSERT INTO orders SELECT g, g % 100, 'order ' || g FROM generate_series(1, 5000) g;

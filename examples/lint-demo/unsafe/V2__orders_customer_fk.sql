-- Link orders to customers and make lookups by customer fast.
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

CREATE INDEX orders_customer_id_idx ON orders (customer_id);

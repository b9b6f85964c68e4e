-- Validate in its own migration: SHARE UPDATE EXCLUSIVE, reads and writes continue.
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;

DROP INDEX orders_customer_id_idx;
ALTER TABLE orders DROP COLUMN note;

DROP TABLE orders;
DROP TYPE order_status;
DROP TABLE customers;

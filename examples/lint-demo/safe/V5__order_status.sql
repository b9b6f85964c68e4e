-- A constant default is stored in the catalog: no table rewrite on PostgreSQL 11+.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';

--liquibase formatted sql

--changeset alice:1
CREATE TABLE a (id int);
--rollback DROP TABLE a;

--changeset alice:2 runInTransaction:false
CREATE INDEX CONCURRENTLY a_idx ON a (id);
--rollback DROP INDEX CONCURRENTLY a_idx;

--changeset "Bob Smith":3
CREATE INDEX CONCURRENTLY b_idx ON b (id);
--rollback not required

--changeset carol:4 dbms:mysql
CREATE INDEX CONCURRENTLY c_idx ON c (id);
--rollback DROP INDEX c_idx;

--changeset dave:5
SELECT 1;
--rollback BEGIN;
--rollback DROP INDEX CONCURRENTLY b_idx;
--rollback COMMIT;

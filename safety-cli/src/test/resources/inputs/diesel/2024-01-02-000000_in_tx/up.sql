-- built in diesel's transaction
CREATE INDEX CONCURRENTLY crates_id_idx ON crates (id);

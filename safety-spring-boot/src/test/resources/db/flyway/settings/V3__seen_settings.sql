CREATE TABLE seen_settings AS SELECT current_setting('lock_timeout') AS lock_timeout;

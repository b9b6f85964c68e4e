DROP TABLE seen_settings;

-- Run once into the template database of SeededTemplateTest, before its seed class migrates public.
CREATE SCHEMA audit;
CREATE TABLE audit.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, what text NOT NULL);
INSERT INTO audit.events (what) VALUES ('template seeded');

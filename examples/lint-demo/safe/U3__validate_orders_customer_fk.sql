-- safety:irreversible reason="validation only marks the constraint as checked; nothing to undo"
SELECT 1;

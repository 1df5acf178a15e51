-- Undoes V3__findings_partitioned.sql (drops findings with all its partitions, findings_default
-- included, and the findings_id_seq sequence).
DROP TABLE IF EXISTS findings;

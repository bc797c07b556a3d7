-- A version's dataset, also kept whole as gzip'd JSON: derived from version_nodes / version_edges in
-- the same transaction, so loading a large version for analysis reads one value instead of
-- half a million rows. NULL for versions written before this migration (they load from the rows).
ALTER TABLE dataset_versions ADD COLUMN packed bytea;

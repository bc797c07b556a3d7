-- Map positions saved with a version, so everyone who opens that version sees the layout someone
-- refined. Keyed by the version (immutable): a new version starts from its own computed layout.
-- Positions are little-endian Float32 x,y pairs in the version's node order (8 bytes a node);
-- node_count guards against a node set that changed under them (erasure deletes the row).
CREATE TABLE version_layouts (
  version_id integer PRIMARY KEY REFERENCES dataset_versions(id) ON DELETE CASCADE,
  node_count integer NOT NULL,
  positions  bytea NOT NULL,
  saved_by   text NOT NULL,
  saved_at   timestamptz NOT NULL
);

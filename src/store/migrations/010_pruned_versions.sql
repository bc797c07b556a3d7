-- Retention keeps accepted rounds' history in aggregate (issue 20): a version past its retention period
-- that a match round used keeps its record (number, author, dates, counts) and an aggregate summary;
-- its nodes, ties, import report, packed copy, layout and cached results are deleted.
ALTER TABLE dataset_versions ADD COLUMN pruned_at timestamptz;
ALTER TABLE dataset_versions ADD COLUMN aggregate jsonb;

-- The persons of pruned versions that the workspace's rounds still name (their pairs stay readable as
-- ids): pseudonymisation keeps hiding them and erasure still finds them. Keyed by node_id, so erasing
-- a person deletes their row like any other row about them.
CREATE TABLE pruned_persons (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  label        text,
  PRIMARY KEY (workspace_id, node_id)
);

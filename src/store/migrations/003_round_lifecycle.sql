-- Round lifecycle (issue 14): an accepted round can be reverted (a new version removes its ties) and
-- reopened; what the round left out (ineligible / unmatched, with reasons) is kept with it; outcomes of
-- pairs and schools' dated maturity self-assessments close the loop. Node ids are plain text columns so
-- erasing a person finds their rows with one WHERE on left_id / right_id / node_id.
ALTER TABLE match_rounds DROP CONSTRAINT match_rounds_status_check;
ALTER TABLE match_rounds ADD CONSTRAINT match_rounds_status_check CHECK (status IN ('open', 'accepted', 'reverted'));
ALTER TABLE match_rounds ADD COLUMN reverted_by text;
ALTER TABLE match_rounds ADD COLUMN reverted_at timestamptz;
ALTER TABLE match_rounds ADD COLUMN reverted_version_id integer REFERENCES dataset_versions(id);
ALTER TABLE match_rounds ADD COLUMN left_out jsonb NOT NULL DEFAULT '[]';

-- How a pair went, recorded after the cycle: one current row per pair (re-recording replaces it; the audit log keeps each).
CREATE TABLE pair_outcomes (
  round_id    integer NOT NULL REFERENCES match_rounds(id) ON DELETE CASCADE,
  left_id     text NOT NULL,
  right_id    text NOT NULL,
  met         boolean NOT NULL,
  rating      integer CHECK (rating BETWEEN 1 AND 5),
  note        text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (round_id, left_id, right_id)
);

-- A school's (or teacher's) maturity self-assessment (SELFIE style, 1–5) on a date.
CREATE TABLE maturity_assessments (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  assessed_on  text NOT NULL,
  value        double precision NOT NULL CHECK (value >= 1 AND value <= 5),
  recorded_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, node_id, assessed_on)
);
CREATE INDEX maturity_assessments_node ON maturity_assessments (workspace_id, node_id);

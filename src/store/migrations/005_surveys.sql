-- Relationship surveys: a wave asks a workspace's respondents whom they work with; closing it writes a version.
CREATE TABLE surveys (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id      integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  number            integer NOT NULL,
  title             text NOT NULL,
  config            jsonb NOT NULL,
  -- Keys the roster: respondents see opaque keys, never node ids.
  secret            text NOT NULL,
  base_version_id   integer REFERENCES dataset_versions(id) ON DELETE SET NULL,
  status            text NOT NULL CHECK (status IN ('open', 'closed')),
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  closed_by         text,
  closed_at         timestamptz,
  closed_version_id integer REFERENCES dataset_versions(id) ON DELETE SET NULL,
  UNIQUE (workspace_id, number)
);

-- One row per respondent; only the SHA-256 of its link token is kept.
CREATE TABLE survey_respondents (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id    integer NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  token_hash   text UNIQUE,
  link_expires timestamptz,
  revoked      boolean NOT NULL DEFAULT false,
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'draft', 'submitted')),
  answers      jsonb,
  updated_at   timestamptz,
  submitted_at timestamptz,
  UNIQUE (survey_id, node_id)
);

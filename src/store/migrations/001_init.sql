-- hubgraph store, schema 1. Ids are integers we assign; user ids (node ids, names) are always data, never keys of code.

CREATE TABLE workspaces (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  description text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL
);

-- Immutable once written; the highest number is the workspace's current version.
CREATE TABLE dataset_versions (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  number       integer NOT NULL,
  meta         jsonb NOT NULL,
  report       jsonb,
  author       text NOT NULL,
  message      text,
  origin       jsonb NOT NULL,
  node_count   integer NOT NULL,
  edge_count   integer NOT NULL,
  created_at   timestamptz NOT NULL,
  UNIQUE (workspace_id, number)
);

-- A node: id and type as columns, every other field (label, region, lists, attrs…) in props.
CREATE TABLE version_nodes (
  version_id integer NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
  ord        integer NOT NULL,
  id         text NOT NULL,
  type       text NOT NULL,
  props      jsonb NOT NULL,
  PRIMARY KEY (version_id, ord)
);

CREATE TABLE version_edges (
  version_id integer NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
  ord        integer NOT NULL,
  source     text NOT NULL,
  target     text NOT NULL,
  type       text NOT NULL,
  weight     double precision NOT NULL,
  start_date text,
  end_date   text,
  attrs      jsonb NOT NULL,
  PRIMARY KEY (version_id, ord)
);

-- Keyed by version: a new version simply misses the cache.
CREATE TABLE analysis_cache (
  version_id  integer NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
  params_hash text NOT NULL,
  kind        text NOT NULL,
  params      jsonb NOT NULL,
  result      jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (version_id, params_hash)
);

CREATE TABLE match_rounds (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id        integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  number              integer NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('mentoring', 'partnership')),
  name                text,
  config              jsonb NOT NULL,
  version_id          integer NOT NULL REFERENCES dataset_versions(id),
  status              text NOT NULL CHECK (status IN ('open', 'accepted')),
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL,
  accepted_by         text,
  accepted_at         timestamptz,
  accepted_version_id integer REFERENCES dataset_versions(id),
  UNIQUE (workspace_id, number)
);

CREATE TABLE round_pairs (
  round_id    integer NOT NULL REFERENCES match_rounds(id) ON DELETE CASCADE,
  ord         integer NOT NULL,
  left_id     text NOT NULL,
  right_id    text NOT NULL,
  score       double precision NOT NULL,
  explanation jsonb NOT NULL,
  status      text NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'locked')),
  changed_by  text NOT NULL,
  changed_at  timestamptz NOT NULL,
  PRIMARY KEY (round_id, ord),
  UNIQUE (round_id, left_id, right_id)
);

-- workspace_id is NULL for store-wide events (tokens, restores).
CREATE TABLE audit_log (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer REFERENCES workspaces(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  details      jsonb NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);

CREATE TABLE api_tokens (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  role         text NOT NULL CHECK (role IN ('viewer', 'coordinator', 'admin')),
  hash         text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked      boolean NOT NULL DEFAULT false,
  revoked_at   timestamptz
);

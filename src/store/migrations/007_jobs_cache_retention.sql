-- Jobs outlive the server process (issue 20, defect 11), and the stored result cache is bounded (defect 6).
-- A restart marks the jobs it was running failed with a reason instead of forgetting them. workspace_id scopes a job to a workspace, so deleting the
-- workspace deletes its jobs and an erasure reaches their URLs and error texts.
CREATE TABLE jobs (
  id            text PRIMARY KEY,
  kind          text NOT NULL,
  workspace_id  integer REFERENCES workspaces(id) ON DELETE CASCADE,
  -- Who started it (token name, or 'local'): only they (or an admin) may cancel it.
  owner         text NOT NULL,
  -- The process running it; its heartbeat tells another process on the same PostgreSQL database it is alive.
  server_id     text NOT NULL,
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress      double precision NOT NULL DEFAULT 0,
  message       text,
  result_url    text,
  error         jsonb,
  created_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  heartbeat_at  timestamptz NOT NULL
);
CREATE INDEX jobs_active ON jobs (status) WHERE status IN ('queued', 'running');

-- The stored result cache is bounded by bytes, least recently used first (issue 20, defect 6).
ALTER TABLE analysis_cache ADD COLUMN bytes bigint NOT NULL DEFAULT 0;
ALTER TABLE analysis_cache ADD COLUMN used_at timestamptz;
UPDATE analysis_cache SET bytes = octet_length(result::text), used_at = created_at;
CREATE INDEX analysis_cache_used ON analysis_cache (used_at);

-- Optional retention: versions older than this many days are pruned (the current one and those rounds used are kept).
ALTER TABLE workspaces ADD COLUMN retention_days integer CHECK (retention_days IS NULL OR retention_days >= 1);

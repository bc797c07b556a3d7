-- A new version starts from the workspace's saved layout (src/store/layouts.ts, inheritLayout):
-- which earlier version's positions it was carried over from; NULL for a layout someone saved.
ALTER TABLE version_layouts ADD COLUMN inherited_from integer;

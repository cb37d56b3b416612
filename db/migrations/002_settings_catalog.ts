/** 002: settings (e.g. the reliability rules) and the indicators analysts add to the catalog. */
export default /* sql */ `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,          -- JSON
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);

CREATE TABLE catalog_indicators (
  id          TEXT PRIMARY KEY,
  definition  TEXT NOT NULL,          -- JSON, validated with the catalog schema before it is stored
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);
`;

/**
 * 003: what ingestion detected and reported, kept with the dataset: the file's dialect, the
 * warnings, and (with --skip-invalid) every row left out and why. (Areas created from a survey's
 * own values use `areas.dataset_id`, added by 005, so that deleting that survey removes them too.)
 */
export default /* sql */ `
ALTER TABLE datasets ADD COLUMN detected TEXT NOT NULL DEFAULT '{}';   -- JSON: encoding, delimiter, decimal, line ends…
ALTER TABLE datasets ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';   -- JSON: the first 1,000 warnings
ALTER TABLE datasets ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;    -- rows left out with --skip-invalid

-- One row per problem of a row left out with --skip-invalid (a row may have several).
CREATE TABLE dataset_skipped_rows (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  line        INTEGER NOT NULL,
  "column"    TEXT,
  value       TEXT,
  code        TEXT NOT NULL,
  params      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dataset_skipped_rows_dataset ON dataset_skipped_rows (dataset_id, line);
`;

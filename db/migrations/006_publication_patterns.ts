/**
 * 006: the publication pattern of each survey indicator, wave and design — which cells of the
 * tables a viewer can get are hidden, and why — computed when the wave is loaded so that a page
 * never waits for it. `inputs` names what the pattern was computed from (the indicator's
 * definition, the reliability rules, the method's version): a pattern whose inputs no longer
 * match is ignored and computed again.
 */
export default /* sql */ `
CREATE TABLE publication_patterns (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  indicator   TEXT NOT NULL,
  design      TEXT NOT NULL,
  inputs      TEXT NOT NULL,          -- SHA-256 of the definition, rules and method version
  pattern     TEXT NOT NULL,          -- JSON: gender view, levels of non-binary people, hidden cells
  PRIMARY KEY (dataset_id, indicator, design)
);
`;

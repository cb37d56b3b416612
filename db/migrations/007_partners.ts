/**
 * 007: the partners directory — partner organisations and sites with their services, audiences
 * and contacts — and the catalog of services analysts extend.
 *
 * `datasets.kind` gains 'partners'. SQLite cannot alter a CHECK constraint, so the table is
 * rebuilt the way SQLite documents it (create, copy, drop, rename); this migration runs with
 * foreign keys off (see `foreignKeysOff` in ./index.ts), or dropping the old table would delete
 * every row that references it. The foreign keys of other tables name `datasets` and resolve to
 * the new table once it is renamed; `PRAGMA foreign_key_check` then proves nothing dangles.
 */
export default /* sql */ `
CREATE TABLE datasets_new (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('survey','incidents','population','audit','mapping','areas','partners')),
  wave        TEXT NOT NULL,
  title       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  rows        INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  mapping     TEXT NOT NULL,
  design      TEXT NOT NULL,
  synthetic   INTEGER NOT NULL DEFAULT 0,
  detected    TEXT NOT NULL DEFAULT '{}',
  warnings    TEXT NOT NULL DEFAULT '[]',
  skipped     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO datasets_new (id, kind, wave, title, file_name, sha256, rows, created_by, created_at, mapping, design, synthetic, detected, warnings, skipped)
  SELECT id, kind, wave, title, file_name, sha256, rows, created_by, created_at, mapping, design, synthetic, detected, warnings, skipped FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_new RENAME TO datasets;
CREATE INDEX datasets_kind_wave ON datasets (kind, wave);

-- The services a partner may offer. The built-in ones ship here; analysts add their own (and
-- remove those no partner uses). aliases: JSON array of other names accepted in a file, French
-- or English, compared case-, accent- and punctuation-insensitively.
CREATE TABLE partner_services (
  id          TEXT PRIMARY KEY,
  label_fr    TEXT NOT NULL,
  label_en    TEXT NOT NULL,
  aliases     TEXT NOT NULL DEFAULT '[]',
  builtin     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);
INSERT INTO partner_services (id, label_fr, label_en, aliases, builtin, created_at, created_by) VALUES
  ('prevention', 'Prévention', 'Prevention', '["prevention de la criminalite","crime prevention","prevention de la violence","violence prevention"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('sexual_exploitation', 'Prévention de l''exploitation sexuelle', 'Sexual exploitation prevention', '["exploitation sexuelle","exploitation","sexual exploitation","prevention exploitation sexuelle"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('street_work', 'Travail de rue', 'Street work', '["travail de rue","travailleur de rue","outreach","street outreach","street worker"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('shelter', 'Hébergement', 'Shelter', '["hebergement","refuge","maison d hebergement","housing","emergency shelter"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('victim_support', 'Aide aux victimes', 'Victim support', '["aide aux victimes","soutien aux victimes","cavac","victim assistance","victim services"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('legal_help', 'Aide juridique', 'Legal help', '["aide juridique","juridique","legal aid","legal","legal information","information juridique"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('health', 'Santé', 'Health', '["sante","sante sexuelle","clinique","clinic","health care","soins"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('mental_health', 'Santé mentale', 'Mental health', '["sante mentale","psychosocial","soutien psychosocial","counselling","counseling"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('helpline', 'Ligne d''écoute', 'Helpline', '["ligne d ecoute","ecoute","ligne","hotline","crisis line","ligne de crise"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('mediation', 'Médiation', 'Mediation', '["mediation","mediation sociale","conflict resolution","resolution de conflits"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('youth_centre', 'Maison de jeunes', 'Youth centre', '["maison de jeunes","maison des jeunes","mdj","youth center","drop in","centre jeunesse"]', 1, '2026-01-01T00:00:00.000Z', 'vigie'),
  ('employment', 'Emploi et formation', 'Employment and training', '["emploi","formation","employment","training","insertion","job search"]', 1, '2026-01-01T00:00:00.000Z', 'vigie');

-- One partner organisation or site per row of the loaded file. There is one directory: loading a
-- new file replaces the previous dataset in the same transaction. Areas: the one the point (or
-- the borough named) lies in; null for a partner outside the geography (elsewhere in Quebec) or
-- without a location, which is kept and listed all the same.
-- contact, phone and email are personal contact details: for signed-in readers only.
CREATE TABLE partners (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  row_index   INTEGER NOT NULL,
  line        INTEGER NOT NULL,
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,          -- the name without case, accents or punctuation, for search
  address     TEXT,
  lon         REAL,
  lat         REAL,
  geography   TEXT NOT NULL,
  area_id     INTEGER REFERENCES areas(id),
  services    TEXT NOT NULL,          -- JSON array of partner_services ids
  age_min     INTEGER,
  age_max     INTEGER,
  genders     TEXT NOT NULL,          -- JSON array: woman, man, non-binary (empty: everyone)
  languages   TEXT NOT NULL,          -- JSON array of ISO 639-1 codes
  website     TEXT,
  hours       TEXT,
  member      INTEGER CHECK (member IN (0, 1)),
  updated     TEXT,
  contact     TEXT,
  phone       TEXT,
  email       TEXT,
  PRIMARY KEY (dataset_id, row_index)
) WITHOUT ROWID;
CREATE INDEX partners_area ON partners (area_id);
`;

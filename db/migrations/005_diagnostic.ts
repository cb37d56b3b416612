/**
 * 005: diagnostic data (the kinds incidents, population, audit, mapping, areas). Every
 * table hangs off datasets(id) ON DELETE CASCADE: deleting a dataset removes everything derived
 * from it. Areas loaded from a file belong to that file's dataset (the bundled Montreal areas to
 * none); rows of other datasets that point at an area keep it from being deleted underneath them.
 */
export default /* sql */ `
ALTER TABLE areas ADD COLUMN dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE;
CREATE INDEX areas_dataset ON areas (dataset_id);

-- Incidents, stored by column like the survey store: a million incidents are a few typed-array
-- blobs per column (month, category, time of day, coordinates, the area in each geography), so
-- loading writes ~40 blobs instead of a million rows, and a breakdown reads megabytes, not rows.
CREATE TABLE incident_columns (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,          -- line, month, day, category, time_of_day, victim_age, victim_gender, lon, lat, police_district, area:<geography>
  position    INTEGER NOT NULL,
  encoding    TEXT NOT NULL CHECK (encoding IN ('f64','i32')),
  levels      TEXT,                   -- JSON array: the label of each i32 code (code -1 = empty)
  UNIQUE (dataset_id, name)
);

CREATE TABLE incident_chunks (
  id          INTEGER PRIMARY KEY,
  column_id   INTEGER NOT NULL REFERENCES incident_columns(id) ON DELETE CASCADE,
  chunk       INTEGER NOT NULL,
  data        BLOB NOT NULL,
  UNIQUE (column_id, chunk)
);

-- How an incident dataset's rows were placed in one geography: the column of area ids (-1 for
-- none) and how many rows were placed, fell outside every area, or had no coordinates (and no
-- area name). Nothing is dropped silently: these counts are in the ingestion report too.
CREATE TABLE incident_geographies (
  dataset_id       INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  geography        TEXT NOT NULL,
  column_id        INTEGER NOT NULL REFERENCES incident_columns(id) ON DELETE CASCADE,
  areas_dataset_id INTEGER REFERENCES datasets(id),
  assigned         INTEGER NOT NULL,
  outside          INTEGER NOT NULL,
  no_coordinates   INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, geography)
);

-- Population denominators: one value per area, year, age group and gender across all datasets
-- ('all' is every age or every gender). sources lists the file rows (or columns) summed into it.
CREATE TABLE population (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  area_id     INTEGER NOT NULL REFERENCES areas(id),
  year        TEXT NOT NULL,
  age_group   TEXT NOT NULL,
  gender      TEXT NOT NULL,
  population  REAL NOT NULL CHECK (population >= 0),
  sources     TEXT NOT NULL,          -- JSON: [{ line, label, share }]
  PRIMARY KEY (area_id, year, age_group, gender)
) WITHOUT ROWID;
CREATE INDEX population_dataset ON population (dataset_id);

-- Exploratory walks / safety audits: one row per audited site and walk, its scores by criterion.
-- findings and recommendations are free text: for analysts only (it may name people).
CREATE TABLE audit_sites (
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  row_index       INTEGER NOT NULL,
  line            INTEGER NOT NULL,
  site_id         TEXT NOT NULL,
  date            TEXT,
  time_of_day     TEXT CHECK (time_of_day IN ('day','evening','night')),
  geography       TEXT NOT NULL,
  area_id         INTEGER REFERENCES areas(id),
  lon             REAL,
  lat             REAL,
  findings        TEXT,
  recommendations TEXT,
  PRIMARY KEY (dataset_id, row_index)
) WITHOUT ROWID;

CREATE TABLE audit_scores (
  dataset_id  INTEGER NOT NULL,
  row_index   INTEGER NOT NULL,
  criterion   TEXT NOT NULL,
  score       REAL NOT NULL,
  PRIMARY KEY (dataset_id, row_index, criterion),
  FOREIGN KEY (dataset_id, row_index) REFERENCES audit_sites(dataset_id, row_index) ON DELETE CASCADE
) WITHOUT ROWID;

-- Participatory mapping points. comment is free text: for analysts only (it may name people); points
-- reach viewers only as aggregates (hexagons or areas with enough points).
CREATE TABLE mapping_points (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  row_index   INTEGER NOT NULL,
  line        INTEGER NOT NULL,
  lon         REAL NOT NULL,
  lat         REAL NOT NULL,
  geography   TEXT NOT NULL,
  area_id     INTEGER REFERENCES areas(id),
  perception  TEXT NOT NULL CHECK (perception IN ('safe','unsafe')),
  category    TEXT,
  date        TEXT,
  age_group   TEXT,
  gender      TEXT,
  comment     TEXT,
  PRIMARY KEY (dataset_id, row_index)
) WITHOUT ROWID;
`;

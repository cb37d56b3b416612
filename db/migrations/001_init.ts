/** 001: areas, datasets, respondents and the survey column store. */
export default /* sql */ `
-- Areas of one or more geographies (boroughs, districts…). Geometry is stored as GeoJSON,
-- already rewound clockwise for d3-geo, so readers never have to think about winding.
CREATE TABLE areas (
  id          INTEGER PRIMARY KEY,
  geography   TEXT NOT NULL,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  type        TEXT NOT NULL,
  geometry    TEXT NOT NULL,
  UNIQUE (geography, code),
  UNIQUE (geography, name_key)
);

-- One uploaded file with its provenance (a dataset).
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('survey','incidents','population','audit','mapping','areas')),
  wave        TEXT NOT NULL,
  title       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  rows        INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  mapping     TEXT NOT NULL,          -- JSON: the column mapping used
  design      TEXT NOT NULL,          -- JSON: what the sample design columns hold
  synthetic   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX datasets_kind_wave ON datasets (kind, wave);

-- One row per respondent: identity, domain and design. row_index is the respondent's
-- position in the dataset's column vectors below.
CREATE TABLE respondents (
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  row_index     INTEGER NOT NULL,
  line          INTEGER NOT NULL,
  respondent_id TEXT NOT NULL,
  area_id       INTEGER NOT NULL REFERENCES areas(id),
  age           INTEGER,
  age_group     TEXT NOT NULL,
  gender        TEXT NOT NULL,
  weight        REAL NOT NULL,
  stratum       TEXT,
  psu           TEXT,
  PRIMARY KEY (dataset_id, row_index)
) WITHOUT ROWID;

-- The analytical store: one typed column per dataset and variable (domain codes, design,
-- weights, replicate weights, survey items), cut into chunks of CHUNK_ROWS rows stored as
-- little-endian typed-array blobs (like a Parquet row group). An indicator over 1,000,000
-- respondents reads a few 4-8 MB of blobs instead of a million rows (npm run bench), and an
-- ingestion only ever holds one chunk of each column in memory.
CREATE TABLE survey_columns (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('domain','design','weight','replicate','item')),
  encoding    TEXT NOT NULL CHECK (encoding IN ('f64','i32')),
  levels      TEXT,                   -- JSON array: the label of each i32 code (code -1 = empty)
  UNIQUE (dataset_id, name)
);

CREATE TABLE survey_chunks (
  id          INTEGER PRIMARY KEY,
  column_id   INTEGER NOT NULL REFERENCES survey_columns(id) ON DELETE CASCADE,
  chunk       INTEGER NOT NULL,
  data        BLOB NOT NULL,
  UNIQUE (column_id, chunk)
);
`;

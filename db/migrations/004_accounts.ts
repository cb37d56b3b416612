/**
 * 004: accounts (with their roles), sessions, API tokens, login failures (lockout) and the audit
 * log. Secrets are never stored: sessions and tokens are kept as the SHA-256 of a random 32-byte
 * value, passwords as scrypt hashes. Times are ISO 8601 UTC strings (they sort as they compare).
 */
export default /* sql */ `
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role           TEXT NOT NULL CHECK (role IN ('viewer','analyst','admin')),
  password_hash  TEXT NOT NULL,       -- scrypt$N$r$p$salt$hash (base64)
  disabled       INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  last_login_at  TEXT
);

CREATE TABLE sessions (
  id_hash       TEXT PRIMARY KEY,     -- hex SHA-256 of the cookie's value
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL         -- the earlier of the idle and the absolute limits
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE, -- hex SHA-256 of the token
  label         TEXT NOT NULL,
  hint          TEXT NOT NULL,        -- the token's first characters, to tell tokens apart
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, per account ('email:…') and per client address ('ip:…'), for the lockout.
CREATE TABLE login_failures (
  key  TEXT NOT NULL,
  at   TEXT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

-- Who did what, when: sign-ins, uploads, deletions, settings and user changes.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,            -- an e-mail address, 'anonymous', or 'cli:USER'
  user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action    TEXT NOT NULL,
  ip        TEXT,
  details   TEXT NOT NULL             -- JSON object
);
CREATE INDEX audit_log_action ON audit_log (action, id);
`;

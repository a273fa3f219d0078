#include "store/migrations.h"

namespace bb {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "core case handling", R"SQL(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('advisor','assistant','manager','admin')),
  active        INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE case_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE cases (
  id                 INTEGER PRIMARY KEY,
  number             TEXT NOT NULL UNIQUE,
  received           TEXT NOT NULL,
  channel            TEXT NOT NULL CHECK (channel IN
                       ('telefon','email','brev','personligt','webformular','digital_post')),
  summary            TEXT NOT NULL,
  citizen_name       TEXT NOT NULL DEFAULT '',
  citizen_address    TEXT NOT NULL DEFAULT '',
  citizen_phone      TEXT NOT NULL DEFAULT '',
  citizen_email      TEXT NOT NULL DEFAULT '',
  citizen_cpr        TEXT NOT NULL DEFAULT '',
  citizen_preferred  TEXT NOT NULL DEFAULT '',
  citizen_needs      TEXT NOT NULL DEFAULT '',
  assignee_id        INTEGER REFERENCES users(id),
  status             TEXT NOT NULL CHECK (status IN
                       ('ny','i_gang','afventer_forvaltning','afventer_borger','afsluttet')),
  outcome            TEXT CHECK (outcome IN ('vejvisning','vejledning','formidling','maegling',
                                             'kritik','ingen_kritik','afvist')),
  rejection_reason   TEXT NOT NULL DEFAULT '',
  referral           TEXT NOT NULL DEFAULT '',
  consent_state      TEXT NOT NULL DEFAULT 'none' CHECK (consent_state IN ('none','given','withdrawn')),
  consent_date       TEXT,
  consent_form       TEXT NOT NULL DEFAULT 'oral' CHECK (consent_form IN ('oral','written')),
  first_response_due TEXT NOT NULL,
  first_response_on  TEXT,
  closed_on          TEXT,
  minutes_spent      INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  CHECK (status <> 'afsluttet' OR outcome IS NOT NULL)
);
CREATE INDEX cases_received ON cases(received DESC, id DESC);
CREATE INDEX cases_status ON cases(status, received DESC);
CREATE INDEX cases_assignee ON cases(assignee_id, status);
CREATE INDEX cases_response ON cases(first_response_due) WHERE first_response_on IS NULL;

CREATE TABLE case_reasons (
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  reason  TEXT NOT NULL CHECK (reason IN ('forstaa','kontakt','hjaelp','hoert','klage','andet')),
  PRIMARY KEY (case_id, reason)
) WITHOUT ROWID;
CREATE INDEX case_reasons_reason ON case_reasons(reason, case_id);

CREATE TABLE case_departments (
  case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  department TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (case_id, department)
) WITHOUT ROWID;
CREATE INDEX case_departments_department ON case_departments(department, case_id);

CREATE TABLE journal (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN
                ('note','call','meeting','letter_in','letter_out','email','status')),
  text        TEXT NOT NULL,
  author_id   INTEGER NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  corrects    INTEGER REFERENCES journal(id)
);
CREATE INDEX journal_case ON journal(case_id, id);

CREATE TABLE attachments (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  filename    TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor_id  INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  case_id   INTEGER,
  detail    TEXT NOT NULL,
  ip        TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id, seq) WHERE case_id IS NOT NULL;

-- Keeps æ, ø and å distinct (the default unicode61 folds å into a).
CREATE VIRTUAL TABLE case_fts USING fts5(
  summary, citizen_name, journal,
  tokenize = "unicode61 remove_diacritics 0"
);
)SQL"},
      {2, "themes on cases", R"SQL(
CREATE TABLE case_themes (
  case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  theme      TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','letter')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (case_id, theme, department)
) WITHOUT ROWID;
CREATE INDEX case_themes_theme ON case_themes(theme, department);
)SQL"},
  };
  return kMigrations;
}

}  // namespace bb

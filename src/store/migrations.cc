#include "store/migrations.h"

namespace bb {

const std::vector<Migration>& migrations() {
  // Each entry: version, name, SQLite text, PostgreSQL text.
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
)SQL",
       R"SQL(
-- Stands in for SQLite's NOCASE: equality and UNIQUE ignore case (NOCASE folds ASCII only; this
-- folds all letters). Named nocase so the store's "COLLATE NOCASE" runs unchanged.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- SQLite's group_concat(value, separator), which the store's queries use to read a case's
-- reasons and departments in one row: rows joined in the order they come, NULLs skipped.
CREATE FUNCTION group_concat_step(acc text, val text, sep text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN val IS NULL THEN acc WHEN acc IS NULL THEN val ELSE acc || sep || val END
  $$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
CREATE FUNCTION group_concat_step(acc text, val bigint, sep text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT group_concat_step(acc, val::text, sep) $$;
CREATE AGGREGATE group_concat(bigint, text) (SFUNC = group_concat_step, STYPE = text);

-- SQLite's WITHOUT ROWID has no counterpart (every PostgreSQL table is a heap); it is dropped.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  email         TEXT COLLATE nocase NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('advisor','assistant','manager','admin')),
  active        BIGINT NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- The year is a natural key, always given; no identity.
CREATE TABLE case_counters (
  year BIGINT PRIMARY KEY,
  last BIGINT NOT NULL
);

CREATE TABLE cases (
  id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
  assignee_id        BIGINT REFERENCES users(id),
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
  minutes_spent      BIGINT NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  version            BIGINT NOT NULL DEFAULT 1,
  CHECK (status <> 'afsluttet' OR outcome IS NOT NULL)
);
CREATE INDEX cases_received ON cases(received DESC, id DESC);
CREATE INDEX cases_status ON cases(status, received DESC);
CREATE INDEX cases_assignee ON cases(assignee_id, status);
CREATE INDEX cases_response ON cases(first_response_due) WHERE first_response_on IS NULL;

CREATE TABLE case_reasons (
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  reason  TEXT NOT NULL CHECK (reason IN ('forstaa','kontakt','hjaelp','hoert','klage','andet')),
  PRIMARY KEY (case_id, reason)
);
CREATE INDEX case_reasons_reason ON case_reasons(reason, case_id);

CREATE TABLE case_departments (
  case_id    BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  department TEXT NOT NULL,
  position   BIGINT NOT NULL,
  PRIMARY KEY (case_id, department)
);
CREATE INDEX case_departments_department ON case_departments(department, case_id);

CREATE TABLE journal (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id     BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN
                ('note','call','meeting','letter_in','letter_out','email','status')),
  text        TEXT NOT NULL,
  author_id   BIGINT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  corrects    BIGINT REFERENCES journal(id)
);
CREATE INDEX journal_case ON journal(case_id, id);

CREATE TABLE attachments (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id     BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  filename    TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        BIGINT NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

-- PostgreSQL only: the attachment bytes, once per content hash (SQLite keeps them as files).
CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  bytes  BYTEA NOT NULL
);

CREATE TABLE audit (
  seq       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at        TEXT NOT NULL,
  actor_id  BIGINT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  case_id   BIGINT,
  detail    TEXT NOT NULL,
  ip        TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id, seq) WHERE case_id IS NOT NULL;

-- Replaces the FTS5 table: rowid is the case id, as in FTS5. The danish configuration lowercases
-- and stems and, like the SQLite tokenizer, keeps æ, ø and å distinct.
CREATE TABLE case_fts (
  rowid        BIGINT PRIMARY KEY,
  summary      TEXT NOT NULL DEFAULT '',
  citizen_name TEXT NOT NULL DEFAULT '',
  journal      TEXT NOT NULL DEFAULT '',
  doc          tsvector GENERATED ALWAYS AS (to_tsvector('danish',
                 coalesce(summary, '') || ' ' || coalesce(citizen_name, '') || ' ' ||
                 coalesce(journal, ''))) STORED
);
CREATE INDEX case_fts_doc ON case_fts USING GIN (doc);
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
)SQL",
       R"SQL(
CREATE TABLE case_themes (
  case_id    BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  theme      TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','letter')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (case_id, theme, department)
);
CREATE INDEX case_themes_theme ON case_themes(theme, department);
)SQL"},
      {3, "systemic work", R"SQL(
-- Criticism voiced on a theme of a case.
ALTER TABLE case_themes ADD COLUMN criticism INTEGER NOT NULL DEFAULT 0 CHECK (criticism IN (0,1));
ALTER TABLE case_themes ADD COLUMN criticism_text TEXT NOT NULL DEFAULT '';
CREATE INDEX case_themes_department ON case_themes(department, theme);

-- The office's theme list, seeded with the default themes (labels from messages/da.json).
CREATE TABLE themes (
  code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 40 AND code NOT GLOB '*[^a-z0-9_]*'),
  label    TEXT NOT NULL CHECK (length(label) >= 1),
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  position INTEGER NOT NULL
);
INSERT INTO themes(code, label, active, position) VALUES
  ('sagsbehandlingstid', 'Sagsbehandlingstid', 1, 1),
  ('partshoering', 'Partshøring', 1, 2),
  ('begrundelse', 'Begrundelse', 1, 3),
  ('klagevejledning', 'Klagevejledning', 1, 4),
  ('vejledning', 'Vejledning', 1, 5),
  ('aktindsigt', 'Aktindsigt', 1, 6),
  ('notatpligt', 'Notatpligt', 1, 7),
  ('kommunikation', 'Kommunikation', 1, 8),
  ('tilgaengelighed', 'Tilgængelighed', 1, 9),
  ('digital_post', 'Digital Post', 1, 10),
  ('koordinering', 'Koordinering', 1, 11),
  ('ligebehandling', 'Ligebehandling', 1, 12),
  ('god_forvaltningsskik', 'God forvaltningsskik', 1, 13),
  ('andet', 'Andet', 1, 14);

-- Running numbers per kind and year ("H-2024-01", "U-2024-01"); never reused.
CREATE TABLE counters (
  kind TEXT NOT NULL CHECK (kind IN ('recommendation','investigation')),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE TABLE investigations (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  topic       TEXT NOT NULL,
  period_from TEXT,
  period_to   TEXT,
  method      TEXT NOT NULL DEFAULT '',
  findings    TEXT NOT NULL DEFAULT '',
  conclusion  TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL CHECK (status IN ('planlagt','i_gang','afsluttet')),
  started     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX investigations_started ON investigations(started DESC, id DESC);
CREATE INDEX investigations_status ON investigations(status, started DESC);

CREATE TABLE investigation_departments (
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  department       TEXT NOT NULL,
  position         INTEGER NOT NULL,
  PRIMARY KEY (investigation_id, department)
) WITHOUT ROWID;
CREATE INDEX investigation_departments_department
  ON investigation_departments(department, investigation_id);

CREATE TABLE investigation_cases (
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  case_id          INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  PRIMARY KEY (investigation_id, case_id)
) WITHOUT ROWID;
CREATE INDEX investigation_cases_case ON investigation_cases(case_id, investigation_id);

CREATE TABLE investigation_signals (
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  signal           TEXT NOT NULL,
  position         INTEGER NOT NULL,
  PRIMARY KEY (investigation_id, signal)
) WITHOUT ROWID;

CREATE TABLE recommendations (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  title            TEXT NOT NULL,
  text             TEXT NOT NULL,
  investigation_id INTEGER REFERENCES investigations(id),
  issued           TEXT NOT NULL,
  response_due     TEXT NOT NULL,
  response_text    TEXT NOT NULL DEFAULT '',
  response_date    TEXT,
  status           TEXT NOT NULL CHECK (status IN
                     ('afventer_svar','fulgt','delvist_fulgt','ikke_fulgt','bortfaldet')),
  follow_up_date   TEXT,
  follow_up_notes  TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_issued ON recommendations(issued DESC, id DESC);
CREATE INDEX recommendations_status ON recommendations(status, response_due);
CREATE INDEX recommendations_follow_up ON recommendations(follow_up_date)
  WHERE follow_up_date IS NOT NULL;
CREATE INDEX recommendations_investigation ON recommendations(investigation_id)
  WHERE investigation_id IS NOT NULL;

CREATE TABLE recommendation_departments (
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  department        TEXT NOT NULL,
  position          INTEGER NOT NULL,
  PRIMARY KEY (recommendation_id, department)
) WITHOUT ROWID;
CREATE INDEX recommendation_departments_department
  ON recommendation_departments(department, recommendation_id);

CREATE TABLE recommendation_cases (
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  case_id           INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  PRIMARY KEY (recommendation_id, case_id)
) WITHOUT ROWID;
CREATE INDEX recommendation_cases_case ON recommendation_cases(case_id, recommendation_id);

-- The history of recommendations and investigations; kept when the record is deleted.
-- `changes` is a JSON array of {"field","before","after"}.
CREATE TABLE record_history (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('recommendation','investigation')),
  record_id INTEGER NOT NULL,
  at        TEXT NOT NULL,
  actor_id  INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('create','update','delete')),
  changes   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX record_history_record ON record_history(kind, record_id, id);

CREATE TABLE activities (
  id           INTEGER PRIMARY KEY,
  date         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('undervisning','sparring','oplaeg','moede')),
  department   TEXT NOT NULL DEFAULT '',
  topic        TEXT NOT NULL,
  participants INTEGER NOT NULL CHECK (participants >= 0),
  minutes      INTEGER NOT NULL CHECK (minutes >= 0),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_date ON activities(date DESC, id DESC);
CREATE INDEX activities_department ON activities(department, date);
CREATE INDEX activities_kind ON activities(kind, date);

CREATE TABLE complaints (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  department        TEXT NOT NULL,
  area              TEXT NOT NULL,
  body              TEXT NOT NULL DEFAULT '',
  decision_date     TEXT NOT NULL,
  decision_received TEXT,
  sent              TEXT,
  deadline          TEXT,
  genvurdering      TEXT NOT NULL DEFAULT 'afventer' CHECK (genvurdering IN
                      ('afventer','fastholdt','aendret')),
  genvurdering_date TEXT,
  result            TEXT CHECK (result IN
                      ('stadfaestet','aendret','ophaevet','hjemvist','afvist','tilbagekaldt')),
  result_date       TEXT,
  note              TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  CHECK (result IS NULL OR result_date IS NOT NULL)
);
CREATE INDEX complaints_case ON complaints(case_id, id);
CREATE INDEX complaints_result_date ON complaints(result_date, result, department, area)
  WHERE result_date IS NOT NULL;
CREATE INDEX complaints_department ON complaints(department, area);

-- Reviewed signals, one per key.
CREATE TABLE signal_dismissals (
  key          TEXT PRIMARY KEY,
  observed     INTEGER NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  dismissed_by TEXT NOT NULL,
  dismissed_at TEXT NOT NULL
);

-- Outgoing e-mail, sent by a worker with retries.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  dedupe_key      TEXT NOT NULL UNIQUE,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  sent_at         TEXT,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE sent_at IS NULL;
)SQL",
       R"SQL(
-- Criticism voiced on a theme of a case.
ALTER TABLE case_themes ADD COLUMN criticism BIGINT NOT NULL DEFAULT 0 CHECK (criticism IN (0,1));
ALTER TABLE case_themes ADD COLUMN criticism_text TEXT NOT NULL DEFAULT '';
CREATE INDEX case_themes_department ON case_themes(department, theme);

-- The office's theme list, seeded with the default themes (labels from messages/da.json).
-- SQLite's "code NOT GLOB '*[^a-z0-9_]*'" is the regex below.
CREATE TABLE themes (
  code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 40 AND code ~ '^[a-z0-9_]*$'),
  label    TEXT NOT NULL CHECK (length(label) >= 1),
  active   BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  position BIGINT NOT NULL
);
INSERT INTO themes(code, label, active, position) VALUES
  ('sagsbehandlingstid', 'Sagsbehandlingstid', 1, 1),
  ('partshoering', 'Partshøring', 1, 2),
  ('begrundelse', 'Begrundelse', 1, 3),
  ('klagevejledning', 'Klagevejledning', 1, 4),
  ('vejledning', 'Vejledning', 1, 5),
  ('aktindsigt', 'Aktindsigt', 1, 6),
  ('notatpligt', 'Notatpligt', 1, 7),
  ('kommunikation', 'Kommunikation', 1, 8),
  ('tilgaengelighed', 'Tilgængelighed', 1, 9),
  ('digital_post', 'Digital Post', 1, 10),
  ('koordinering', 'Koordinering', 1, 11),
  ('ligebehandling', 'Ligebehandling', 1, 12),
  ('god_forvaltningsskik', 'God forvaltningsskik', 1, 13),
  ('andet', 'Andet', 1, 14);

-- Running numbers per kind and year ("H-2024-01", "U-2024-01"); never reused.
CREATE TABLE counters (
  kind TEXT NOT NULL CHECK (kind IN ('recommendation','investigation')),
  year BIGINT NOT NULL,
  last BIGINT NOT NULL,
  PRIMARY KEY (kind, year)
);

CREATE TABLE investigations (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  topic       TEXT NOT NULL,
  period_from TEXT,
  period_to   TEXT,
  method      TEXT NOT NULL DEFAULT '',
  findings    TEXT NOT NULL DEFAULT '',
  conclusion  TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL CHECK (status IN ('planlagt','i_gang','afsluttet')),
  started     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX investigations_started ON investigations(started DESC, id DESC);
CREATE INDEX investigations_status ON investigations(status, started DESC);

CREATE TABLE investigation_departments (
  investigation_id BIGINT NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  department       TEXT NOT NULL,
  position         BIGINT NOT NULL,
  PRIMARY KEY (investigation_id, department)
);
CREATE INDEX investigation_departments_department
  ON investigation_departments(department, investigation_id);

CREATE TABLE investigation_cases (
  investigation_id BIGINT NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  case_id          BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position         BIGINT NOT NULL,
  PRIMARY KEY (investigation_id, case_id)
);
CREATE INDEX investigation_cases_case ON investigation_cases(case_id, investigation_id);

CREATE TABLE investigation_signals (
  investigation_id BIGINT NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  signal           TEXT NOT NULL,
  position         BIGINT NOT NULL,
  PRIMARY KEY (investigation_id, signal)
);

CREATE TABLE recommendations (
  id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  title            TEXT NOT NULL,
  text             TEXT NOT NULL,
  investigation_id BIGINT REFERENCES investigations(id),
  issued           TEXT NOT NULL,
  response_due     TEXT NOT NULL,
  response_text    TEXT NOT NULL DEFAULT '',
  response_date    TEXT,
  status           TEXT NOT NULL CHECK (status IN
                     ('afventer_svar','fulgt','delvist_fulgt','ikke_fulgt','bortfaldet')),
  follow_up_date   TEXT,
  follow_up_notes  TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_issued ON recommendations(issued DESC, id DESC);
CREATE INDEX recommendations_status ON recommendations(status, response_due);
CREATE INDEX recommendations_follow_up ON recommendations(follow_up_date)
  WHERE follow_up_date IS NOT NULL;
CREATE INDEX recommendations_investigation ON recommendations(investigation_id)
  WHERE investigation_id IS NOT NULL;

CREATE TABLE recommendation_departments (
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  department        TEXT NOT NULL,
  position          BIGINT NOT NULL,
  PRIMARY KEY (recommendation_id, department)
);
CREATE INDEX recommendation_departments_department
  ON recommendation_departments(department, recommendation_id);

CREATE TABLE recommendation_cases (
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  case_id           BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position          BIGINT NOT NULL,
  PRIMARY KEY (recommendation_id, case_id)
);
CREATE INDEX recommendation_cases_case ON recommendation_cases(case_id, recommendation_id);

-- The history of recommendations and investigations; kept when the record is deleted.
-- `changes` is a JSON array of {"field","before","after"}.
CREATE TABLE record_history (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('recommendation','investigation')),
  record_id BIGINT NOT NULL,
  at        TEXT NOT NULL,
  actor_id  BIGINT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('create','update','delete')),
  changes   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX record_history_record ON record_history(kind, record_id, id);

CREATE TABLE activities (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  date         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('undervisning','sparring','oplaeg','moede')),
  department   TEXT NOT NULL DEFAULT '',
  topic        TEXT NOT NULL,
  participants BIGINT NOT NULL CHECK (participants >= 0),
  minutes      BIGINT NOT NULL CHECK (minutes >= 0),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX activities_date ON activities(date DESC, id DESC);
CREATE INDEX activities_department ON activities(department, date);
CREATE INDEX activities_kind ON activities(kind, date);

CREATE TABLE complaints (
  id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id           BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  department        TEXT NOT NULL,
  area              TEXT NOT NULL,
  body              TEXT NOT NULL DEFAULT '',
  decision_date     TEXT NOT NULL,
  decision_received TEXT,
  sent              TEXT,
  deadline          TEXT,
  genvurdering      TEXT NOT NULL DEFAULT 'afventer' CHECK (genvurdering IN
                      ('afventer','fastholdt','aendret')),
  genvurdering_date TEXT,
  result            TEXT CHECK (result IN
                      ('stadfaestet','aendret','ophaevet','hjemvist','afvist','tilbagekaldt')),
  result_date       TEXT,
  note              TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1,
  CHECK (result IS NULL OR result_date IS NOT NULL)
);
CREATE INDEX complaints_case ON complaints(case_id, id);
CREATE INDEX complaints_result_date ON complaints(result_date, result, department, area)
  WHERE result_date IS NOT NULL;
CREATE INDEX complaints_department ON complaints(department, area);

-- Reviewed signals, one per key.
CREATE TABLE signal_dismissals (
  key          TEXT PRIMARY KEY,
  observed     BIGINT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  dismissed_by TEXT NOT NULL,
  dismissed_at TEXT NOT NULL
);

-- Outgoing e-mail, sent by a worker with retries.
CREATE TABLE outbox (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  dedupe_key      TEXT NOT NULL UNIQUE,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  sent_at         TEXT,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE sent_at IS NULL;
)SQL"},
      {4, "annual report texts", R"SQL(
CREATE TABLE report_texts (
  year       INTEGER PRIMARY KEY,
  foreword   TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

CREATE TABLE report_stories (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL,
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  case_id    INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  include    INTEGER NOT NULL DEFAULT 1 CHECK (include IN (0, 1)),
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX report_stories_year ON report_stories(year, position);
)SQL",
       R"SQL(
-- The year is a natural key, always given; no identity.
CREATE TABLE report_texts (
  year       BIGINT PRIMARY KEY,
  foreword   TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

CREATE TABLE report_stories (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  year       BIGINT NOT NULL,
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  case_id    BIGINT REFERENCES cases(id) ON DELETE SET NULL,
  include    BIGINT NOT NULL DEFAULT 1 CHECK (include IN (0, 1)),
  position   BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX report_stories_year ON report_stories(year, position);
)SQL"},
      {5, "covering index for the report's case figures", R"SQL(
-- StatsStore::case_figures (annual report, statistics) counts the cases received in a period
-- by month, channel, outcome and rejection reason and reads their response and closing dates.
-- With these columns in one index those statements read the index alone instead of every case
-- row: over 1,000,000 cases the figures take about half the CPU time (docs/PERFORMANCE.md).
CREATE INDEX cases_figures ON cases(received, channel, outcome, first_response_on, closed_on, rejection_reason);
)SQL",
       R"SQL(
-- StatsStore::case_figures reads the cases received in a period by month, channel, outcome and
-- rejection reason plus their response and closing dates; this index covers those columns
-- (see the SQLite text and docs/PERFORMANCE.md).
CREATE INDEX cases_figures ON cases(received, channel, outcome, first_response_on, closed_on, rejection_reason);
)SQL"},
      {6, "satisfaction surveys", R"SQL(
-- Custom questionnaires (the built-in ones are data/questionnaires.json), as JSON.
CREATE TABLE questionnaires (
  code       TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- A survey: a questionnaire run for a period, answered at /svar/<slug>.
CREATE TABLE surveys (
  id             INTEGER PRIMARY KEY,
  slug           TEXT NOT NULL UNIQUE,
  questionnaire  TEXT NOT NULL,
  title          TEXT NOT NULL,
  opens_on       TEXT NOT NULL,
  closes_on      TEXT,
  codes_required INTEGER NOT NULL DEFAULT 0 CHECK (codes_required IN (0, 1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
-- One-time codes: only whether a code is used, never when or by which response.
CREATE TABLE survey_codes (
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  code      TEXT NOT NULL,
  used      INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  PRIMARY KEY (survey_id, code)
) WITHOUT ROWID;
-- Anonymous responses: no IP address, no user, no time finer than the day.
CREATE TABLE survey_responses (
  id            INTEGER PRIMARY KEY,
  survey_id     INTEGER REFERENCES surveys(id) ON DELETE SET NULL,
  grp           TEXT NOT NULL,
  municipality  TEXT NOT NULL,
  answered_on   TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('web', 'paper', 'import')),
  respondent_id TEXT
);
CREATE UNIQUE INDEX survey_responses_respondent ON survey_responses(municipality, grp, respondent_id)
  WHERE respondent_id IS NOT NULL;
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);
-- One row per answer value (multiple choice: one per option); text answers are a row with
-- value '*' (answered), their text goes to survey_comments.
CREATE TABLE survey_answers (
  response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
  question    TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (response_id, question, value)
) WITHOUT ROWID;
-- Comments, with random ids and no link to a response, waiting for the advisor's approval.
CREATE TABLE survey_comments (
  id         INTEGER PRIMARY KEY,
  survey_id  INTEGER REFERENCES surveys(id) ON DELETE SET NULL,
  grp        TEXT NOT NULL,
  question   TEXT NOT NULL,
  text       TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected'))
);
CREATE INDEX survey_comments_status ON survey_comments(status);
)SQL",
       R"SQL(
-- Custom questionnaires (the built-in ones are data/questionnaires.json), as JSON.
CREATE TABLE questionnaires (
  code       TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- A survey: a questionnaire run for a period, answered at /svar/<slug>.
CREATE TABLE surveys (
  id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  slug           TEXT NOT NULL UNIQUE,
  questionnaire  TEXT NOT NULL,
  title          TEXT NOT NULL,
  opens_on       TEXT NOT NULL,
  closes_on      TEXT,
  codes_required BIGINT NOT NULL DEFAULT 0 CHECK (codes_required IN (0, 1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
-- One-time codes: only whether a code is used, never when or by which response.
CREATE TABLE survey_codes (
  survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  code      TEXT NOT NULL,
  used      BIGINT NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
  PRIMARY KEY (survey_id, code)
);
-- Anonymous responses: no IP address, no user, no time finer than the day.
CREATE TABLE survey_responses (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  survey_id     BIGINT REFERENCES surveys(id) ON DELETE SET NULL,
  grp           TEXT NOT NULL,
  municipality  TEXT NOT NULL,
  answered_on   TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('web', 'paper', 'import')),
  respondent_id TEXT
);
CREATE UNIQUE INDEX survey_responses_respondent ON survey_responses(municipality, grp, respondent_id)
  WHERE respondent_id IS NOT NULL;
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);
-- One row per answer value (multiple choice: one per option); text answers are a row with
-- value '*' (answered), their text goes to survey_comments.
CREATE TABLE survey_answers (
  response_id BIGINT NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
  question    TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (response_id, question, value)
);
-- Comments, with random ids and no link to a response, waiting for the advisor's approval.
-- The code always gives the id; the identity only keeps the same shape as other tables.
CREATE TABLE survey_comments (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  survey_id  BIGINT REFERENCES surveys(id) ON DELETE SET NULL,
  grp        TEXT NOT NULL,
  question   TEXT NOT NULL,
  text       TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected'))
);
CREATE INDEX survey_comments_status ON survey_comments(status);
)SQL"},
      {7, "the office's own texts of the public pages", R"SQL(
-- The guidance pages and the accessibility statement as the office edited them, per language;
-- a page without a row here shows the shipped text (data/guidance.json).
CREATE TABLE page_texts (
  slug       TEXT NOT NULL,
  lang       TEXT NOT NULL CHECK (lang IN ('da', 'en')),
  title      TEXT NOT NULL,
  summary    TEXT NOT NULL DEFAULT '',
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (slug, lang)
) WITHOUT ROWID;
)SQL",
       R"SQL(
-- The guidance pages and the accessibility statement as the office edited them, per language;
-- a page without a row here shows the shipped text (data/guidance.json).
CREATE TABLE page_texts (
  slug       TEXT NOT NULL,
  lang       TEXT NOT NULL CHECK (lang IN ('da', 'en')),
  title      TEXT NOT NULL,
  summary    TEXT NOT NULL DEFAULT '',
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (slug, lang)
);
)SQL"},
      {8, "search rows keyed in the case list's order (SQLite)", R"SQL(
-- The FTS5 rowid becomes yyyymmdd(received) * 2^32 + case id, so that rowid order is the case
-- list's order (newest received first, then highest id): a search reads its matches in that
-- order straight from the index and stops at the end of the page, instead of collecting every
-- match and sorting (0.6 s for a common word at 1,000,000 cases). About a minute per million
-- cases, once.
CREATE TEMP TABLE fts_rekey AS
  SELECT CAST(replace(c.received, '-', '') AS INTEGER) * 4294967296 + c.id AS k,
         f.summary, f.citizen_name, f.journal
  FROM case_fts f JOIN cases c ON c.id = f.rowid;
DELETE FROM case_fts;
INSERT INTO case_fts(rowid, summary, citizen_name, journal)
  SELECT k, summary, citizen_name, journal FROM fts_rekey;
DROP TABLE fts_rekey;
)SQL",
       R"SQL(
-- PostgreSQL keeps the case id as the key: its search walks the case list's index and checks
-- each row's tsvector.
SELECT 1;
)SQL"},
      {9, "anonymised cases (retention)", R"SQL(
-- A case whose personal data was removed after the retention period (brobygger retention run):
-- it stays in the statistics; this row says when, so the pages can tell and a rerun skips it.
CREATE TABLE case_anonymised (
  case_id       INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  anonymised_on TEXT NOT NULL
);
)SQL",
       R"SQL(
CREATE TABLE case_anonymised (
  case_id       BIGINT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  anonymised_on TEXT NOT NULL
);
)SQL"},
      {10, "case lists by status in date and id order", R"SQL(
-- Lists show the newest first by (received, id). The index on (status, received) left the
-- cases of one status received the same day to be sorted per request (a temporary B-tree
-- over all of them); with id in the index the list reads in order and stops at the limit.
DROP INDEX cases_status;
CREATE INDEX cases_status ON cases(status, received DESC, id DESC);
)SQL",
       R"SQL(
DROP INDEX cases_status;
CREATE INDEX cases_status ON cases(status, received DESC, id DESC);
)SQL"},
  };
  return kMigrations;
}

}  // namespace bb

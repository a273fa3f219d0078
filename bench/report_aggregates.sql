-- The annual report's case figures as plain SQL aggregation: the figures of
-- SqliteStatsStore::case_figures (src/store/sqlite/stats_store.cc), each as its own GROUP BY
-- statement with the BB_PERIOD_CASES condition written out. bench/report.sh runs this file in
-- the sqlite3 shell as the yardstick for `brobygger report annual`, once per year the report
-- covers (the year and the year before), after binding the parameters:
--
--   .parameter set ?1 "'2025-01-01'"     -- period from (inclusive)
--   .parameter set ?2 "'2025-12-31'"     -- period to (inclusive)
--   .parameter set ?3 "''"               -- department ('' = all)
--
-- The joined figures (reasons, departments, themes, criticism) are the same statements as in
-- stats_store.cc. The figures from the case's own columns (total, month, channel, outcome,
-- rejections and their reasons, response and closing dates) brobygger reads in one pass over
-- the covering index and counts in C++; here they are the separate GROUP BYs one would write.
-- Keep the figures in step with stats_store.cc. The last statement returns one row per case
-- answered or closed (working days are counted in C++); the shell prints them, so its output
-- is large — send it to /dev/null.

-- cases_total, rejected
SELECT COUNT(*), SUM(c.outcome = 'afvist') FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3));

-- by_month
SELECT substr(c.received, 1, 7), COUNT(*) FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- by_channel
SELECT c.channel, COUNT(*) FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- by_reason
SELECT r.reason, COUNT(*) FROM cases c JOIN case_reasons r ON r.case_id = c.id WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- by_department
SELECT d.department, COUNT(*) FROM cases c JOIN case_departments d ON d.case_id = c.id WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- by_outcome
SELECT COALESCE(c.outcome, ''), COUNT(*) FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- by_theme
SELECT t.theme, COUNT(DISTINCT t.case_id) FROM cases c JOIN case_themes t ON t.case_id = c.id WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  GROUP BY 1;

-- rejection_reasons
SELECT c.rejection_reason, COUNT(*) FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  AND c.outcome = 'afvist' GROUP BY 1;

-- criticism_cases
SELECT COUNT(*) FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  AND (c.outcome = 'kritik' OR EXISTS (SELECT 1 FROM case_themes t WHERE t.case_id = c.id AND t.criticism = 1));

-- criticism_by_department
SELECT dep, COUNT(DISTINCT id) FROM (
  SELECT c.id AS id, d.department AS dep FROM cases c JOIN case_departments d ON d.case_id = c.id
  WHERE c.received >= ?1 AND c.received <= ?2
    AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
    AND c.outcome = 'kritik'
  UNION ALL
  SELECT c.id, t.department FROM cases c JOIN case_themes t ON t.case_id = c.id
  WHERE c.received >= ?1 AND c.received <= ?2
    AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
    AND t.criticism = 1 AND t.department <> '') GROUP BY dep;

-- first_response_days, closing_days: the dates of every case answered or closed
SELECT c.received, c.first_response_on, c.closed_on FROM cases c WHERE c.received >= ?1 AND c.received <= ?2
  AND (?3 = '' OR EXISTS (SELECT 1 FROM case_departments x WHERE x.case_id = c.id AND x.department = ?3))
  AND (c.first_response_on IS NOT NULL OR c.closed_on IS NOT NULL);

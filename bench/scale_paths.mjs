// The request lists of bench/scale.sh (one path per line, for bench/paths.lua):
//   node bench/scale_paths.mjs DIR YEAR QUARTER
// reads DIR/departments.txt (the most used departments) and DIR/summaries.txt (summaries of
// random cases) and writes DIR/{list,search,dashboard,report,signals,survey}.paths.
import { readFileSync, writeFileSync } from 'node:fs';

const [dir, yearText, quarterText] = process.argv.slice(2);
const year = Number(yearText);
const quarter = Number(quarterText);
if (!dir || !Number.isInteger(year) || !(quarter >= 1 && quarter <= 4)) {
  console.error('usage: node scale_paths.mjs DIR YEAR QUARTER');
  process.exit(2);
}
const lines = (name) => readFileSync(`${dir}/${name}`, 'utf8').split('\n').filter((l) => l.trim() !== '');
const write = (name, paths) => writeFileSync(`${dir}/${name}.paths`, paths.join('\n') + '\n');
const q = (params) => new URLSearchParams(params).toString();

// The codes of the case list's filters (GLOSSARY.md).
const statuses = ['ny', 'i_gang', 'afventer_forvaltning', 'afventer_borger', 'afsluttet'];
const reasons = ['forstaa', 'kontakt', 'hjaelp', 'hoert', 'klage', 'andet'];
const departments = lines('departments.txt');

let seed = 7;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(random() * a.length)];

const list = [];
for (let i = 0; i < 300; i++) {
  const params = {};
  const kind = i % 4;
  if (kind === 0 || kind === 3) params.status = pick(statuses);
  if (kind === 1 || kind === 3) params.department = pick(departments);
  if (kind === 2) params.reason = pick(reasons);
  if (kind === 2) params.status = pick(statuses);
  list.push(`/api/v1/cases?${q(params)}`);
}
write('list', list);

const words = new Set();
for (const summary of lines('summaries.txt')) {
  for (const w of summary.toLowerCase().split(/[^a-zæøå]+/)) if (w.length >= 5) words.add(w);
}
const search = [...words].slice(0, 200).map((w) => `/api/v1/cases?${q({ q: w })}`);
write('search', search);

write('dashboard', ['/oversigt']);
write('report', [`/api/v1/reports/annual?year=${year - 1}`]);
const quarters = [];
for (let k = 1; k <= 4; k++) {
  let y = year, n = quarter - k;
  while (n < 1) { n += 4; y -= 1; }
  quarters.push(`/api/v1/signals?period=${y}Q${n}`);
}
write('signals', quarters);
write('survey', ['/api/v1/surveys/results', `/api/v1/surveys/results?year=${year - 1}`, '/api/v1/surveys/results?by=municipality']);

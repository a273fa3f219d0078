// Survey answers as the CSV `brobygger survey import` reads, for bench/scale.sh:
//   node bench/survey_csv.mjs data/questionnaires.json GROUP COUNT PREFIX > answers.csv
// GROUP is a questionnaire code (borger, ansat); PREFIX makes the respondent ids unique. Answers
// lean positive, as the national survey's did; a tenth leave a comment. Deterministic.
import { readFileSync } from 'node:fs';

const [file, group, countText, prefix] = process.argv.slice(2);
const count = Number(countText);
if (!file || !group || !Number.isInteger(count) || count < 1 || !prefix) {
  console.error('usage: node survey_csv.mjs QUESTIONNAIRES.json GROUP COUNT PREFIX');
  process.exit(2);
}
const questionnaire = JSON.parse(readFileSync(file, 'utf8')).questionnaires.find((q) => q.code === group);
if (!questionnaire) {
  console.error(`survey_csv.mjs: no questionnaire "${group}" in ${file}`);
  process.exit(2);
}

let seed = 20240115;
const random = () => {
  // xorshift32: the same file every time.
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const likert = () => { const r = random(); return r < 0.55 ? '5' : r < 0.8 ? '4' : r < 0.9 ? '3' : r < 0.95 ? '2' : r < 0.98 ? '1' : '0'; };

const questions = questionnaire.questions;
const lines = [['respondent_id', 'group', 'municipality', ...questions.map((q) => q.id)].join(',')];
for (let i = 1; i <= count; i++) {
  const cells = [`${prefix}-${i}`, group, 'Benchrup Kommune'];
  for (const q of questions) {
    if (q.type === 'likert') cells.push(likert());
    else if (q.type === 'multi' || q.type === 'single') {
      const options = q.options.map((o) => o.code);
      const picked = options.filter(() => random() < 0.3);
      cells.push((q.type === 'single' || picked.length === 0 ? [options[Math.floor(random() * options.length)]] : picked).join(';'));
    } else cells.push(random() < 0.1 ? '"God hjælp, tak."' : '');
  }
  lines.push(cells.join(','));
}
process.stdout.write(lines.join('\n') + '\n');

// The message catalogue as the server uses it (messages/da.json, messages/en.json), for tests
// that assert texts in either language: t(lang, key, vars) is the text with {{name}} filled in;
// a key missing in en.json falls back to Danish, as in the server. textPattern(lang, key) is a
// RegExp that matches the text with any value in its placeholders. Read from the share folder
// the server under test uses (BROBYGGER_SHARE, or share/ beside BROBYGGER_BIN, as the server
// finds it), so that the tests expect what that build renders; else from the source tree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN } from './server.mjs';

const SHARE = [process.env.BROBYGGER_SHARE, join(dirname(BIN), 'share')]
  .find((dir) => dir && existsSync(join(dir, 'messages', 'da.json')));
const ROOT = SHARE ? pathToFileURL(SHARE + '/') : new URL('../../', import.meta.url);

function flatten(object, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(object)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, `${prefix}${k}.`, out);
    else out.set(prefix + k, String(v));
  }
  return out;
}

const catalogues = {
  da: flatten(JSON.parse(readFileSync(new URL('messages/da.json', ROOT), 'utf8'))),
  en: flatten(JSON.parse(readFileSync(new URL('messages/en.json', ROOT), 'utf8'))),
};

export const LANGS = ['da', 'en'];

function raw(lang, key) {
  const text = catalogues[lang]?.get(key) ?? catalogues.da.get(key);
  if (text === undefined) throw new Error(`no message ${key} in messages/da.json`);
  return text;
}

export function t(lang, key, vars = {}) {
  return raw(lang, key).replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function textPattern(lang, key) {
  const parts = raw(lang, key).split(/\{\{\s*\w+\s*\}\}/);
  return new RegExp(parts.map(escape).join('.+?'));
}

// The shipped guidance texts (data/guidance.json): { slug: { da: {title, summary}, en: {...} } }.
const guidance = JSON.parse(readFileSync(new URL('data/guidance.json', ROOT), 'utf8'));
export const GUIDANCE = Object.fromEntries(guidance.pages.map((p) => [p.slug, {
  da: { title: p.title, summary: p.summary },
  en: { title: p.title_en || p.title, summary: p.summary_en || p.summary },
}]));

// Texts that exist only in Danish in what the program ships (the catalogue's Danish texts
// without placeholders whose English differs, the complaint-deadline table's Danish texts that
// have an English one): seen unmarked on an English page, such a text is the wrong language.
export function danishOnlyTexts() {
  const english = new Set(catalogues.en.values());
  const out = new Set();
  for (const [key, da] of catalogues.da) {
    if (da.includes('{{') || da.trim().length < 3) continue;
    const en = catalogues.en.get(key);
    if (en !== undefined && en !== da && !english.has(da)) out.add(da.trim());
  }
  const deadlines = JSON.parse(readFileSync(new URL('data/complaint_deadlines.json', ROOT), 'utf8'));
  for (const rule of deadlines.rules) {
    for (const [field, en] of Object.entries(rule.en ?? {})) {
      if (en && rule[field] && en !== rule[field]) out.add(rule[field].trim());
    }
  }
  return out;
}

// The letter corpus, run against the CLI: `brobygger letter check FILE --format json`.
//
// For every tests/letters/*.expected.json the letter is
//   NN_name.expected.json      → NN_name.txt
//   NN_name.pdf.expected.json  → NN_name.pdf   (likewise .png, .jpg, .jpeg)
// and the CLI's JSON is compared with the expectation: kind, every element, body, missing (exact
// order), deadline (area and date, or null), references (each expected one must be present:
// law + paragraph + stk), and — when the expected "lix" is not null — lix (to 0.1), lix_band,
// words, long_words and sentences. Expected fields that are absent are not checked.
// Files in tests/letters/bad/ must be refused with exit code 1 or 2 (not a signal) and a clear
// Danish message on stderr that names the problem.
//
// Run: node --test tests/letters/          (BROBYGGER_BIN overrides build/brobygger)
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const bin = process.env.BROBYGGER_BIN
  ? resolve(process.env.BROBYGGER_BIN)
  : join(root, "build", "brobygger");

const ELEMENTS = ["hjemmel", "begrundelse", "klagevejledning", "klagefrist", "partshoering", "aktindsigt"];
const IMAGE_OR_PDF = /\.(pdf|png|jpe?g)$/i;

const results = []; // {name, ok, problems}

function runCli(args) {
  return spawnSync(bin, args, {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000, // OCR of a page may take a few seconds
    maxBuffer: 16 * 1024 * 1024,
  });
}

function letterFor(expectedPath) {
  const base = expectedPath.slice(0, -".expected.json".length);
  return IMAGE_OR_PDF.test(base) ? base : base + ".txt";
}

function band(lix) {
  // The issue's bands: ≤ 24 meget let, 25–34 let, 35–44 middel, 45–54 svær, ≥ 55 meget svær.
  // Values between the bands (e.g. 24.5) are not checked.
  if (lix <= 24) return "meget let";
  if (lix >= 25 && lix <= 34) return "let";
  if (lix >= 35 && lix <= 44) return "middel";
  if (lix >= 45 && lix <= 54) return "svær";
  if (lix >= 55) return "meget svær";
  return null;
}

const fmt = (v) => JSON.stringify(v);

// Compares the CLI output with the expectation; returns a list of problems (empty = pass).
function compare(exp, out) {
  const problems = [];
  const check = (what, actual, expected) => {
    if (actual !== expected) problems.push(`${what}: got ${fmt(actual)}, expected ${fmt(expected)}`);
  };

  if ("kind" in exp) check("kind", out.kind, exp.kind);

  if (exp.elements) {
    if (!out.elements || typeof out.elements !== "object") {
      problems.push(`elements: missing from output`);
    } else {
      for (const name of ELEMENTS) {
        if (name in exp.elements) check(`elements.${name}`, out.elements[name], exp.elements[name]);
      }
    }
  }

  if ("body" in exp) check("body", out.body ?? "", exp.body);

  if ("missing" in exp) {
    const got = Array.isArray(out.missing) ? out.missing : null;
    if (got === null || fmt(got) !== fmt(exp.missing)) {
      problems.push(`missing: got ${fmt(out.missing)}, expected ${fmt(exp.missing)} (element names, in order)`);
    }
  }

  if ("deadline" in exp) {
    const got = out.deadline ?? null;
    if (exp.deadline === null) {
      if (got !== null) problems.push(`deadline: got ${fmt(got)}, expected null`);
    } else if (got === null || typeof got !== "object") {
      problems.push(`deadline: got ${fmt(got)}, expected ${fmt(exp.deadline)}`);
    } else {
      check("deadline.area", got.area, exp.deadline.area);
      check("deadline.date", got.date ?? null, exp.deadline.date);
    }
  }

  if (Array.isArray(exp.references)) {
    const got = Array.isArray(out.references) ? out.references : [];
    for (const r of exp.references) {
      const found = got.some(
        (a) =>
          a &&
          a.law === r.law &&
          String(a.paragraph) === r.paragraph &&
          (!("stk" in r) || String(a.stk ?? "") === r.stk),
      );
      if (!found) {
        const want = `${r.law} § ${r.paragraph}${r.stk ? `, stk. ${r.stk}` : ""}`;
        const have = got.map((a) => `${a.law} § ${a.paragraph}${a.stk ? `, stk. ${a.stk}` : ""}`).join("; ");
        problems.push(`references: ${want} not found (got: ${have || "none"})`);
      }
    }
  }

  if (exp.lix !== null && exp.lix !== undefined) {
    if (typeof out.lix !== "number") {
      problems.push(`lix: got ${fmt(out.lix)}, expected ${exp.lix}`);
    } else if (Math.round(out.lix * 10) !== Math.round(exp.lix * 10)) {
      problems.push(`lix: got ${out.lix}, expected ${exp.lix}`);
    }
    for (const k of ["words", "long_words", "sentences"]) {
      if (k in exp && exp[k] !== null) check(k, out[k], exp[k]);
    }
    const b = band(exp.lix);
    if (b !== null) check("lix_band", out.lix_band, b);
  }

  // The output shape of the issue.
  if (typeof out.summary !== "string" || out.summary.trim() === "") problems.push(`summary: missing or empty`);
  if (!Array.isArray(out.findings)) problems.push(`findings: not a list`);

  return problems;
}

function report(name, problems) {
  const ok = problems.length === 0;
  results.push({ name, ok, problems });
  if (ok) console.log(`PASS ${name}`);
  else console.log(`FAIL ${name}\n  - ${problems.join("\n  - ")}`);
  return ok;
}

// ---------------------------------------------------------------------------- the letters --

const expectedFiles = readdirSync(here)
  .filter((f) => f.endsWith(".expected.json"))
  .sort();

for (const f of expectedFiles) {
  const expPath = join(here, f);
  const letter = letterFor(expPath);
  const name = basename(letter);

  test(`letter ${name}`, () => {
    const exp = JSON.parse(readFileSync(expPath, "utf8"));
    if (!existsSync(letter)) {
      report(name, [`letter file ${letter} does not exist`]);
      assert.fail(`letter file ${letter} does not exist`);
    }
    if (!existsSync(bin)) {
      report(name, [`CLI not found at ${bin} (set BROBYGGER_BIN)`]);
      assert.fail(`CLI not found at ${bin} (set BROBYGGER_BIN)`);
    }
    const args = ["letter", "check", letter, "--format", "json"];
    if (exp.received) args.push("--received", exp.received);
    const r = runCli(args);
    let problems = [];
    if (r.error) {
      problems.push(`could not run the CLI: ${r.error.message}`);
    } else if (r.signal) {
      problems.push(`the CLI was killed by ${r.signal}; stderr: ${r.stderr.trim()}`);
    } else if (r.status !== 0) {
      problems.push(`exit code ${r.status}; stderr: ${r.stderr.trim()}`);
    } else {
      let out;
      try {
        out = JSON.parse(r.stdout);
      } catch (e) {
        problems.push(`output is not JSON (${e.message}): ${r.stdout.slice(0, 200)}`);
      }
      if (out) problems = compare(exp, out);
    }
    report(name, problems);
    assert.deepEqual(problems, [], `${name}:\n  - ${problems.join("\n  - ")}`);
  });
}

// ------------------------------------------------------------------------ broken inputs --

// What stderr must say (in Danish) for each broken input.
const BAD = {
  "encrypted.pdf": /krypter|adgangskode|beskyttet/i,
  "broken.pdf": /beskadig|ødelagt|ugyldig|defekt|korrupt|kan ikke (læse|åbne)/i,
  "empty.txt": /\btom\b|tomt?\b|ingen tekst/i,
  "empty.pdf": /\btom\b|tomt?\b|ingen tekst|ingen læsbar tekst/i,
};

const badDir = join(here, "bad");
for (const f of readdirSync(badDir).sort()) {
  const file = join(badDir, f);
  const name = `bad/${f}`;
  test(`broken input ${name}`, () => {
    if (!existsSync(bin)) {
      report(name, [`CLI not found at ${bin} (set BROBYGGER_BIN)`]);
      assert.fail(`CLI not found at ${bin} (set BROBYGGER_BIN)`);
    }
    const r = runCli(["letter", "check", file, "--format", "json"]);
    const problems = [];
    if (r.error) problems.push(`could not run the CLI: ${r.error.message}`);
    else if (r.signal) problems.push(`the CLI crashed (signal ${r.signal})`);
    else if (r.status !== 1 && r.status !== 2) problems.push(`exit code ${r.status}, expected 1 or 2`);
    const err = (r.stderr ?? "").trim();
    if (err === "") problems.push(`no message on stderr`);
    else if (BAD[f] && !BAD[f].test(err)) problems.push(`stderr does not name the problem (${BAD[f]}): ${err}`);
    report(name, problems);
    assert.deepEqual(problems, [], `${name}:\n  - ${problems.join("\n  - ")}`);
  });
}

after(() => {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\nLetter corpus: ${passed} of ${results.length} files as expected (${failed} not)`);
  for (const r of results.filter((r) => !r.ok)) console.log(`  not as expected: ${r.name}`);
});

// feelin side of the Kogge FEEL benchmark; run by bench/Kogge.Feel.Bench (see bench/feel.sh).
//   node feelin-bench.mjs check <cases.json>                 -> {"id": "canonical result", ...}
//   node feelin-bench.mjs time <cases.json> <rounds> <ms> <warm-up ms> id…  -> {"id": {"perSecond": median, "rounds": [...]}, ...}
import { readFileSync } from 'node:fs';
import { evaluate, FeelDate, FeelDateTime, FeelTime, FeelDuration } from 'feelin';

const isDate = v => v instanceof FeelDate;
const isDateTime = v => v instanceof FeelDateTime;
const isTime = v => v instanceof FeelTime;
const isDuration = v => v instanceof FeelDuration;

const [mode, casesPath, ...rest] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesPath, 'utf8')).cases;

// The same canonical text as Program.Canonical on the .NET side.
function canonical(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return 'number:' + String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (isDateTime(v)) return 'date and time:' + v.toString();
  if (isDate(v)) return 'date:' + v.toString();
  if (isTime(v)) return 'time:' + v.toString();
  if (isDuration(v)) return 'duration:' + v.toString();
  if (Array.isArray(v)) return '[' + v.map(canonical).join(', ') + ']';
  if (typeof v === 'object') return '{' + Object.keys(v).map(k => k + ': ' + canonical(v[k])).join(', ') + '}';
  return 'other:' + String(v);
}

if (mode === 'check') {
  const out = {};
  for (const c of cases) {
    try {
      const r = evaluate(c.expression, c.inputs);
      out[c.id] = canonical(r.value) + (r.warnings.length ? ' (warnings: ' + r.warnings.map(w => w.message).join('; ') + ')' : '');
    } catch (e) {
      out[c.id] = 'error: ' + e.message;
    }
  }
  process.stdout.write(JSON.stringify(out));
} else if (mode === 'time') {
  const [roundsText, msText, warmupText, ...ids] = rest;
  const rounds = Number(roundsText);
  const ms = Number(msText);
  const warmup = Number(warmupText);
  const out = {};
  let sink = 0;
  for (const id of ids) {
    const c = cases.find(x => x.id === id);
    const run = n => {
      for (let i = 0; i < n; i++) {
        if (evaluate(c.expression, c.inputs).value !== undefined) sink++;
      }
    };
    // Warm up (JIT) as long as the .NET side, and find a batch size of about 5 ms.
    let batch = 1;
    const warmEnd = process.hrtime.bigint() + BigInt(warmup * 1e6);
    while (process.hrtime.bigint() < warmEnd) {
      const t0 = process.hrtime.bigint();
      run(batch);
      if (Number(process.hrtime.bigint() - t0) < 5e6) batch *= 2;
    }
    const results = [];
    for (let r = 0; r < rounds; r++) {
      let n = 0;
      const t0 = process.hrtime.bigint();
      const end = t0 + BigInt(ms * 1e6);
      let t = t0;
      while (t < end) {
        run(batch);
        n += batch;
        t = process.hrtime.bigint();
      }
      results.push(n / (Number(t - t0) / 1e9));
    }
    const sorted = [...results].sort((a, b) => a - b);
    out[id] = { perSecond: sorted[Math.floor(sorted.length / 2)], rounds: results };
  }
  if (sink < 0) console.error(sink);
  process.stdout.write(JSON.stringify(out));
} else {
  console.error('usage: node feelin-bench.mjs check|time <cases.json> ...');
  process.exit(2);
}

// Turns the JSON lines bench/bpmn.sh collected in <work folder> into the markdown report.
import { readFileSync, existsSync } from 'node:fs';

const [work, kills] = process.argv.slice(2);
const lines = name => readFileSync(`${work}/${name}`, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
const n = (v, d = 0) => v === undefined || v === null || Number.isNaN(v) ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const out = [];

const [kogge] = lines('memory.json');
const [once] = lines('node-once.json');
const [each] = lines('node-each.json');
out.push('### In memory: start → user task → complete → exclusive gateway (FEEL) → service task → end, one thread', '');
out.push('| engine | instances | instances/s (wall clock) | CPU µs/instance | instances per CPU second | bytes/instance | Kogge : this, wall clock | Kogge : this, CPU |', '|---|---:|---:|---:|---:|---:|---:|---:|');
const perCpu = r => 1e6 / r.cpuMicrosPerInstance;
out.push(`| Kogge (InMemoryEngineStore) | ${n(kogge.instances)} | ${n(kogge.perSecond)} | ${n(kogge.cpuMicrosPerInstance, 1)} | ${n(perCpu(kogge))} | ${n(kogge.bytesPerInstance)} | 1 | 1 |`);
for (const [label, r] of [['bpmn-engine 25.0.1, definitions parsed once', once], ['bpmn-engine 25.0.1, XML per instance', each]]) {
  out.push(`| ${label} | ${n(r.instances)} | ${n(r.perSecond)} | ${n(r.cpuMicrosPerInstance, 1)} | ${n(perCpu(r))} | | ${n(kogge.perSecond / r.perSecond, 1)}× | ${n(perCpu(kogge) / perCpu(r), 1)}× |`);
}
out.push('', `Goal: Kogge ≥ 100× bpmn-engine. Measured against definitions parsed once: ${n(kogge.perSecond / once.perSecond, 1)}× by wall clock, ${n(perCpu(kogge) / perCpu(once), 1)}× by CPU time.`, '');

out.push('### Durable: engine commands/s next to the raw commit ceiling (one-row INSERT + COMMIT), same database, durability and clients', '');
out.push('| database | clients | ceiling commits/s | ceiling p50 / p99 ms | engine commands/s | engine p50 / p99 ms | ratio engine : ceiling | engine CPU s (this process) | engine CPU µs/command | load average | failed commands |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const durable = lines('durable.json');
for (const c of durable.filter(d => d.what === 'ceiling')) {
  const e = durable.find(d => d.what === 'engine' && d.provider === c.provider && d.clients === c.clients);
  out.push(`| ${c.provider === 'sqlite' ? 'SQLite (WAL, synchronous=FULL)' : 'PostgreSQL (fsync, synchronous_commit on)'} | ${c.clients} | ${n(c.perSecond)} | ${n(c.p50, 2)} / ${n(c.p99, 2)} | ${n(e.perSecond)} | ${n(e.p50, 2)} / ${n(e.p99, 2)} | ${n(e.perSecond / c.perSecond, 2)} | ${n(e.cpuSeconds, 2)} | ${n(e.cpuMicrosPerCommand)} | ${e.loadAverage} | ${e.errors} |`);
}
out.push('', 'Goal: ratio ≥ 0.5.', '');

out.push('### Scale: latency with many instances waiting at the user task', '');
out.push('| database | waiting instances | seeding s | start p50 / p99 ms | inbox query (group, 50) p50 / p99 ms | complete p50 / p99 ms | start p50 ratio | inbox p50 ratio | complete p50 ratio |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const scale = lines('scale.json');
for (const provider of ['postgres', 'sqlite']) {
  const levels = scale.filter(s => s.provider === provider && s.what === 'level');
  const base = levels[0];
  for (const l of levels) {
    out.push(`| ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${n(l.waiting)} | ${n(l.seedSeconds, 1)} | ${n(l.startP50, 2)} / ${n(l.startP99, 2)} | ${n(l.inboxP50, 2)} / ${n(l.inboxP99, 2)} | ${n(l.completeP50, 2)} / ${n(l.completeP99, 2)} | ${n(l.startP50 / base.startP50, 2)} | ${n(l.inboxP50 / base.inboxP50, 2)} | ${n(l.completeP50 / base.completeP50, 2)} |`);
  }
}
out.push('', 'Goal: each ratio ≤ 1.5 against the smallest level.', '');
out.push('| database | heap after N instances processed | heap after 5 N | ratio |', '|---|---:|---:|---:|');
for (const h of scale.filter(s => s.what === 'heap')) {
  out.push(`| ${h.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${n(h.heapBytes / 1048576, 1)} MB (N = ${h.afterInstances}) | ${n(h.heapBytesLater / 1048576, 1)} MB (${h.afterMoreInstances} in all) | ${n(h.heapBytesLater / h.heapBytes, 2)} |`);
}
out.push('');

out.push(`### Crash test: ${kills} SIGKILLs under load per database, restart, drain`, '');
if (existsSync(`${work}/crash.txt`)) out.push(...readFileSync(`${work}/crash.txt`, 'utf8').trim().split('\n').map(l => `- ${l}`));
console.log(out.join('\n'));

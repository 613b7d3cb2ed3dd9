// bpmn-engine side of the Kogge BPMN benchmark; bench/bpmn.sh installs bpmn-engine 25.0.1 and feelin next to it.
//   node bpmn-engine-bench.mjs <file.bpmn> <instances> <warm-up instances> <parse-once|parse-each>
// Runs instances of start -> user task (signalled) -> exclusive gateway (FEEL through feelin) -> service task -> end,
// one after the other on one thread, and prints {"instances": n, "seconds": s, "perSecond": r, "cpuMicrosPerInstance": c, "large": k}
// (CPU time of the whole Node process, as the .NET side reports the whole process's).
// parse-once reads the XML once and hands every engine the serialized definitions (the fastest way bpmn-engine
// offers); parse-each gives every engine the XML, as its README shows.
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import BpmnModdle from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { evaluate } from 'feelin';

const [file, countText, warmupText, mode] = process.argv.slice(2);
const source = readFileSync(file, 'utf8');
const count = Number(countText);
const warmup = Number(warmupText);

// Conditions are FEEL (Camunda 8 dialect, leading '='), as Kogge reads them; feelin evaluates them over the variables.
const expressions = {
  isExpression: text => typeof text === 'string' && text.startsWith('='),
  hasExpression: text => typeof text === 'string' && text.startsWith('='),
  resolveExpression(text, context) {
    if (typeof text === 'string' && text.startsWith('=')) {
      return evaluate(text.slice(1), context.environment.variables).value;
    }
    return text;
  },
};

// Every service task (zeebe:taskDefinition) runs the same handler, which counts and completes at once.
const runs = { notifyBoard: 0, notifyApplicant: 0 };
function NotifyService(activity) {
  return {
    type: 'bench:notify',
    execute(_message, callback) {
      runs[activity.id]++;
      callback(null, { notified: true });
    },
  };
}

const extensions = {
  bench(activity) {
    if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = NotifyService;
  },
};

let sourceContext;
if (mode === 'parse-once') {
  const moddleContext = await new BpmnModdle().fromXML(source);
  sourceContext = serializer(moddleContext, TypeResolver(Elements));
}

let large = 0;
async function runOne(i) {
  const amount = i % 2 === 0 ? 1500 : 500;
  const engine = new Engine({ name: 'application', ...(sourceContext ? { sourceContext } : { source }), expressions, extensions });
  const listener = new EventEmitter();
  listener.on('wait', api => {
    if (api.type === 'bpmn:UserTask') api.signal({ approved: true });
  });
  const ended = new Promise((resolve, reject) => {
    engine.once('end', resolve);
    engine.once('error', reject);
  });
  await engine.execute({ listener, variables: { amount } });
  await ended;
  if (amount > 1000) large++;
}

function check(n) {
  if (runs.notifyBoard !== large || runs.notifyApplicant !== n - large) {
    throw new Error(`service tasks ran ${JSON.stringify(runs)} times for ${n} instances, ${large} of them large`);
  }
  runs.notifyBoard = runs.notifyApplicant = 0;
  large = 0;
}

for (let i = 0; i < warmup; i++) await runOne(i);
check(warmup);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
for (let i = 0; i < count; i++) await runOne(i);
const cpu = process.cpuUsage(cpuBefore);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpuMicrosPerInstance = (cpu.user + cpu.system) / count;
const result = { instances: count, seconds, perSecond: count / seconds, cpuMicrosPerInstance, large };
check(count);
process.stdout.write(JSON.stringify(result) + '\n');

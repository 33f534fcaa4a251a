// The feelin peer of tests/bench/feel_bench.cpp: the same three workloads on the same
// inputs (../feel_workloads.json), single-threaded, through feelin's public API
// (evaluate / unaryTest, which parse the text on every call: that is how feelin is used).
// Prints one line per workload: "<name> <evaluations per second>".
import { evaluate, unaryTest } from 'feelin';
import { readFileSync } from 'node:fs';

const w = JSON.parse(readFileSync(new URL('../feel_workloads.json', import.meta.url)));
const seconds = Number(process.env.BENCH_SECONDS || 2);

function measure(name, fn) {
  for (let i = 0; i < 2000; i++) fn(i);  // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let k = 0; k < 1000; k++) fn(n++);
    elapsed = process.hrtime.bigint() - start;
  }
  console.log(`${name} ${Math.round(n / (Number(elapsed) / 1e9))}`);
}

const ages = w.unary.inputs;
measure('unary_test', (i) => unaryTest(w.unary.test, { '?': ages[i % ages.length] }).value);

const ctxs = w.expression.contexts;
measure('expression', (i) => evaluate(w.expression.text, ctxs[i % ctxs.length]).value);

// A FIRST-hit decision table evaluated as a DMN engine on feelin does it: input entries
// with unaryTest against each input value, the first matching rule's output evaluated.
const t = w.table;
measure('decision_table', (i) => {
  const ctx = t.contexts[i % t.contexts.length];
  const values = t.inputs.map((name) => evaluate(name, ctx).value);
  for (const rule of t.rules) {
    let hit = true;
    for (let c = 0; c < values.length && hit; c++) {
      hit = rule[c] === '-' || unaryTest(rule[c], { ...ctx, '?': values[c] }).value === true;
    }
    if (hit) return evaluate(rule[rule.length - 1], ctx).value;
  }
  return null;
});

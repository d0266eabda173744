// The load loop shared by the HTTP worker and the direct (in-process SQL) runs: N async clients, each issuing
// requests back-to-back, first for a warm-up period (not recorded), then for a fixed duration or request budget.
import { createRng } from '../src/synthetic/rng.ts';

export interface LoopOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Upper bound on recorded requests, whichever of duration and budget ends first. */
  maxRequests: number;
}

export interface LoopResult {
  /** Latency of every successful recorded request, in milliseconds (unsorted). */
  latencies: number[];
  errors: number;
  firstError: string | null;
  /** Wall time of the recorded phase, from its start until the last in-flight request finished. */
  elapsedMs: number;
}

/** The project's seeded generator (src/synthetic/rng.ts), so every run picks the same sequence of households. */
export const rng = createRng;

/**
 * Run `request(client, random)` from `concurrency` clients at once. `request` resolves when the response is fully
 * read; it throws (or resolves false) on a failed request, which is counted as an error and not timed.
 */
export async function runLoop(
  options: LoopOptions,
  request: (client: number, random: () => number) => Promise<boolean>,
  seed = 2026,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let budgetSpent = false;
  // Phases go by the clock, not by timers: an in-process database (PGlite) can answer in microtasks only, and a
  // loop that never yields would starve every timer. Each client yields to the event loop before each request.
  const warmEnd = performance.now() + options.warmupMs;
  const end = warmEnd + options.durationMs;
  let lastFinish = warmEnd;

  const loops = Array.from({ length: options.concurrency }, async (_, client) => {
    const random = rng(seed * 1000 + client);
    for (;;) {
      const started = performance.now();
      if (started >= end || budgetSpent) return;
      const record = started >= warmEnd; // a request started during the warm-up is never recorded
      let ok = false;
      let failure: string | null = null;
      // Yield first and count the wait: with a database that answers in microtasks (PGlite runs in this thread),
      // the clients take turns on the event loop, and that turn-taking is their queue.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        ok = await request(client, random);
        if (!ok) failure = 'unexpected response';
      } catch (error) {
        failure = error instanceof Error ? error.message.slice(0, 300) : String(error);
      }
      const finished = performance.now();
      if (record) {
        if (ok) latencies.push(finished - started);
        else {
          errors++;
          firstError ??= failure;
        }
        lastFinish = Math.max(lastFinish, finished);
        if (latencies.length + errors >= options.maxRequests) budgetSpent = true;
      }
    }
  });
  await Promise.all(loops);
  return { latencies, errors, firstError, elapsedMs: lastFinish - warmEnd };
}

export interface Summary {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  throughput: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(result: LoopResult): Summary {
  const sorted = Float64Array.from(result.latencies).sort();
  const values = Array.from(sorted);
  const round = (x: number) => Math.round(x * 100) / 100;
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    requests: values.length,
    errors: result.errors,
    firstError: result.firstError,
    seconds: round(result.elapsedMs / 1000),
    throughput: round(values.length / (result.elapsedMs / 1000)),
    mean: round(values.length ? sum / values.length : Number.NaN),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.at(-1) ?? Number.NaN),
  };
}

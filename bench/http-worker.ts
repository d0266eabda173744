// The HTTP load generator, in a worker thread so that the clients' own work (fetch, reading the HTML) does not
// run on the server's event loop. Each client holds its own signed-in session and asks for pages back-to-back.
import { parentPort, workerData } from 'node:worker_threads';
import { runLoop, type LoopOptions, type LoopResult } from './loop.ts';

export interface HttpJob {
  baseUrl: string;
  /** Cookie header of each client's session; its length is the concurrency. */
  cookies: string[];
  /** Paths to choose from at random; client i uses pools[poolOf[i]]. */
  pools: string[][];
  poolOf: number[];
  loop: LoopOptions;
  seed: number;
  /**
   * A write instead of a page: POST (or PUT) this JSON body (`__KEY__` becomes a fresh key per request) with each
   * client's header. `bodyOf` gives a path its own body (a session's own participants); `keyHeader` also sends the
   * fresh key in that header (Idempotency-Key).
   */
  post?: { body: string; authorization: string[]; expect: number; method?: 'POST' | 'PUT'; bodyOf?: Record<string, string>; keyHeader?: string };
}

export interface HttpJobResult extends LoopResult {
  bytes: number;
}

const job = workerData as HttpJob;
let bytes = 0;
let counted = 0;

const result = await runLoop(
  job.loop,
  async (client, random) => {
    const pool = job.pools[job.poolOf[client]!]!;
    const path = pool[Math.floor(random() * pool.length)]!;
    // Only a write draws a key, so the pages' sequence of paths stays what it was.
    const key = job.post ? `bench-${client}-${Math.floor(random() * 2 ** 48).toString(36)}-${counted}` : '';
    const response = job.post
      ? await fetch(job.baseUrl + path, {
          method: job.post.method ?? 'POST',
          headers: {
            authorization: job.post.authorization[client]!, 'content-type': 'application/json',
            ...(job.post.keyHeader ? { [job.post.keyHeader]: key } : {}),
          },
          body: (job.post.bodyOf?.[path] ?? job.post.body).replace('__KEY__', key),
        })
      : await fetch(job.baseUrl + path, { headers: { cookie: job.cookies[client]! }, redirect: 'manual' });
    const body = await response.text();
    const expected = job.post?.expect ?? 200;
    if (response.status !== expected) throw new Error(`${path} answered ${response.status} ${response.headers.get('location') ?? body.slice(0, 200)}`);
    bytes += body.length;
    counted++;
    return true;
  },
  job.seed,
);

parentPort!.postMessage({ ...result, bytes: counted ? Math.round(bytes / counted) : 0 } satisfies HttpJobResult);

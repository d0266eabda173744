import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { RateLimiter } from '../platform/auth/rate-limit.ts';
import { loadSecretBox } from '../platform/auth/secret-box.ts';
import { openDatabase } from '../platform/db/open.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { Env } from '../platform/env.ts';
import type { Deps } from '../platform/http/context.ts';
import { createLogger } from '../platform/logger.ts';
import { createApp } from './app.ts';
import type { Database } from '../platform/db/client.ts';
import type { Logger } from 'pino';
import { resumePendingImports } from '../features/imports/index.ts';
import { startDigestScheduler } from '../features/worklist/digest.ts';

export function buildDeps(env: Env, database: Database, logger: Logger): Deps {
  return {
    env,
    database,
    logger,
    sessionPolicy: { idleMinutes: env.THUIS_SESSION_IDLE_MINUTES, absoluteHours: env.THUIS_SESSION_ABSOLUTE_HOURS },
    loginLimiter: new RateLimiter(env.THUIS_LOGIN_RATE_PER_MINUTE),
    apiLimiter: new RateLimiter(600),
    searchLimiter: new RateLimiter(env.THUIS_SEARCH_RATE_PER_MINUTE),
    mfaLimiter: new RateLimiter(env.THUIS_MFA_ATTEMPTS_PER_15_MINUTES, 15 * 60_000),
    secretBox: loadSecretBox(env),
  };
}

export interface Running {
  server: Server;
  url: string;
  database: Database;
  stop(): Promise<void>;
}

/**
 * Start Thuis. `background` (default on) resumes imports a crash interrupted (REL-IMPORT) and runs the weekly
 * digest scheduler; benchmarks and browser tests switch it off so nothing runs beside what they measure.
 */
export async function startServer(env: Env, options: { database?: Database; logger?: Logger; background?: boolean } = {}): Promise<Running> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const database = options.database ?? (await openDatabase(env));
  await migrate(database);
  const app = createApp(buildDeps(env, database, logger));
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolve(s as Server));
  });
  let stopDigests = () => {};
  if (options.background ?? true) {
    void resumePendingImports({ database, logger }).catch((error) => logger.error({ err: { type: (error as Error)?.name ?? 'Error' } }, 'import resume failed'));
    stopDigests = startDigestScheduler({ database, env, logger });
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '127.0.0.1' || env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  return {
    server,
    url: env.THUIS_PUBLIC_URL ?? `http://${host}:${port}`,
    database,
    stop: async () => {
      stopDigests();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (!options.database) await database.close();
    },
  };
}

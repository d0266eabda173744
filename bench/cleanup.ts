// What every benchmark script needs around its run: progress on stderr, silent application logs, and clean-up of
// temporary directories, databases and servers, also when interrupted (Ctrl-C).
process.env.LOG_LEVEL = 'silent';

export const log = (line: string) => process.stderr.write(`${line}\n`);

export const cleanups: (() => Promise<void>)[] = [];

/** Undo in reverse order of set-up; a failing step is reported and the rest still runs. */
export async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((error) => log(`cleanup failed: ${error}`));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

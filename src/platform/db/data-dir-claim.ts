import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// PGlite is an embedded database: two processes on one data directory would corrupt it. A claim file
// names the owner by pid and process start time (so a reused pid, or our own pid after a container restart,
// is not mistaken for a live owner). Claims are created atomically (link), and a stale one is moved aside
// atomically (rename) before a new claim is made, so two starting processes cannot both win.

export class DataDirInUseError extends Error {}

const claimedHere = new Set<string>();

function startTime(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name (which may contain spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(pid: number, started: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EPERM') return false; // EPERM: exists, another user's
  }
  const now = startTime(pid);
  return !started || !now || now === started;
}

export function claimDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  if (claimedHere.has(dir)) throw new DataDirInUseError(`This process already has the database in ${dir} open.`);
  const file = join(dir, 'thuis.pid');
  const mine = `${process.pid} ${startTime(process.pid)}`;
  const temp = join(dir, `thuis.pid.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, mine);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, file); // atomic: fails when a claim exists
        claimedHere.add(dir);
        return () => {
          claimedHere.delete(dir);
          try {
            if (readFileSync(file, 'utf8') === mine) rmSync(file, { force: true });
          } catch {
            // already gone
          }
        };
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        continue; // removed meanwhile: try again
      }
      const [pidText = '', started = ''] = content.trim().split(' ');
      const pid = Number(pidText);
      const ourOldSelf = pid === process.pid && started === startTime(process.pid);
      if (isAlive(pid, started) && !ourOldSelf) {
        throw new DataDirInUseError(`Another Thuis process (pid ${pid}) is using the database in ${dir}. Stop it first.`);
      }
      // Stale: move exactly that claim aside. If what we moved is not what we judged, put it back and stop.
      const aside = `${file}.stale.${randomBytes(4).toString('hex')}`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      if (readFileSync(aside, 'utf8') !== content) {
        try {
          linkSync(aside, file);
        } catch {
          // someone else claimed it in between; they own it now
        }
        rmSync(aside, { force: true });
        throw new DataDirInUseError(`Another Thuis process is starting on ${dir} at the same moment.`);
      }
      rmSync(aside, { force: true });
    }
    throw new DataDirInUseError(`Could not claim ${dir}`);
  } finally {
    rmSync(temp, { force: true });
  }
}

import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/**
 * One process per embedded database. PGlite has no lock of its own: two processes opening one data
 * directory both write to it, and the directory can end up unreadable (`RuntimeError: Aborted()`). So the
 * opener first creates `<dir>.lock` with O_EXCL holding its pid; a second opener is refused with a message
 * naming the owner. A lock whose process is gone (kill -9, a crash, a power cut) is taken over.
 *
 * The lock file sits beside the data directory, not in it: PGlite treats its directory as PGDATA.
 */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    readonly lockPath: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${owner.pid} (since ${owner.since}), and PGlite ` +
        `admits one process: nothing was opened or changed. Stop that process first; while the app runs, ` +
        `\`npm run job -- <name>\` asks the app to run a job. (If no such process exists, delete ${lockPath}.)`,
    );
    this.name = "DataDirLockedError";
  }
}

export function lockPathFor(dataDir: string): string {
  const full = path.resolve(dataDir);
  return path.join(path.dirname(full), `${path.basename(full)}.lock`);
}

export function readLockOwner(lockPath: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && Number.isInteger(owner.pid) && owner.pid > 0 ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** Whether the process holding a lock still runs. Another machine's lock (a shared disk) counts as alive. */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

export interface DataDirLock {
  readonly lockPath: string;
  release(): void;
}

const held = new Set<string>();
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the data directory's lock or throws DataDirLockedError. Released by `release()` or when the process exits. */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = lockPathFor(dataDir);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let current = readLockOwner(lockPath);
      if (!current) {
        // Created but not yet written by a process opening right now, or left empty by one that died doing so.
        sleep(100);
        current = readLockOwner(lockPath);
      }
      if (current && ownerAlive(current)) throw new DataDirLockedError(dataDir, current, lockPath);
      if (attempt >= 3) throw new DataDirLockedError(dataDir, current ?? { pid: 0, host: "?", since: "?" }, lockPath);
      // Stale: remove it and try the exclusive create again (if another process wins that race, we see its live lock).
      try {
        unlinkSync(lockPath);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
      }
    }
  }
  held.add(lockPath);
  return {
    lockPath,
    release() {
      if (!held.delete(lockPath)) return;
      // Only our own lock is removed: never one a later owner took over.
      if (readLockOwner(lockPath)?.pid === process.pid) unlinkSync(lockPath);
    },
  };
}

// A process that exits without closing its database (process.exit, an uncaught error) still frees the lock.
process.once("exit", () => {
  for (const lockPath of held) {
    try {
      if (readLockOwner(lockPath)?.pid === process.pid) unlinkSync(lockPath);
    } catch {
      // best effort: a leftover lock of a dead pid is taken over by the next opener
    }
  }
});

import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import autocannon from "autocannon";

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Drives one URL (or a rotating set of paths) with autocannon and keeps every latency for exact percentiles. */
export async function load(options: {
  url: string;
  connections?: number;
  seconds?: number;
  headers?: Record<string, string>;
  paths?: string[];
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const paths = options.paths;
  let finish!: (value: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections ?? 10,
      duration: options.seconds ?? 10,
      headers: options.headers,
      requests: paths
        ? [
            {
              setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }),
            },
          ]
        : undefined,
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / (options.seconds ?? 10),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
    errors: result.errors + result.timeouts,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  quiet = true,
): ChildProcess {
  return spawn(command, args, {
    env: env as NodeJS.ProcessEnv,
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

/** Peak resident memory of a live process in MB (Linux VmHWM). */
export function peakRssMb(pid: number): Promise<number> {
  return import("node:fs/promises").then(async (fs) => {
    const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
    const match = status.match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : NaN;
  });
}

/** CPU time (user + system) a live process has used so far, in milliseconds (Linux /proc/<pid>/stat). */
export async function cpuMs(pid: number): Promise<number> {
  const fs = await import("node:fs/promises");
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** CPU time (ms) per pid of every process of this machine named `name` (e.g. Postgres's backends and workers). */
export async function cpuMsByProcess(name: string): Promise<Map<number, number>> {
  const fs = await import("node:fs/promises");
  const times = new Map<number, number>();
  for (const entry of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await fs.readFile(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      times.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    } catch {
      // The process ended while the list was read.
    }
  }
  return times;
}

/**
 * CPU time (ms) those processes used between two cpuMsByProcess readings: the growth of each one alive at both,
 * and all of each one started since (a process that ended meanwhile is not counted: its time is gone from /proc).
 */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Linux's USER_HZ: /proc counts CPU time in these ticks (100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

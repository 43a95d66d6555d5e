import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { openDb } from "../db/client.server";
import { buildNode } from "../scripts/build.mjs";
import { adminUrl, templateName, withAdminClient } from "./helpers/db";

/** Builds the migrated template database (pg mode) and the production build (app and Node entries) the e2e tests serve. */
export default async function setup() {
  if (process.env.DATABASE_URL) {
    const name = templateName();
    const exists = await withAdminClient(
      async (c) => (await c.query("select 1 from pg_database where datname = $1", [name])).rowCount,
    );
    if (!exists) {
      const building = `${name}_building_${process.pid}`;
      await withAdminClient((c) => c.query(`create database ${building}`));
      const handle = await openDb({ url: adminUrl(process.env.DATABASE_URL, building) });
      await handle.migrate();
      await handle.close();
      // Through a pgbouncer (scripts/pgbouncer.sh) the pool keeps its server connections to `building` open after
      // the close, and Postgres renames no database someone is connected to: those connections are ours, end them.
      for (let attempt = 0; attempt < 50; attempt++) {
        const open = await withAdminClient(
          async (c) =>
            (
              await c.query(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
                [building],
              )
            ).rowCount,
        );
        if (!open) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Renaming last makes the template appear only once complete, even if two runs race.
      await withAdminClient((c) => c.query(`alter database ${building} rename to ${name}`)).catch(async () => {
        await withAdminClient((c) => c.query(`drop database if exists ${building}`));
      });
    }
  }
  // Each run builds into its own directory, so concurrent runs never serve each other's half-built assets.
  const buildDir = path.resolve(`.cache/test-build-${process.pid}`);
  const build = spawnSync("npx", ["remix", "vite:build"], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    env: { ...process.env, CHORUS_BUILD_DIR: buildDir },
  });
  if (build.status !== 0) throw new Error(`remix vite:build failed:\n${build.stderr}`);
  // The Node entry points as production runs them (build/node): the e2e tests start these, not the sources.
  await buildNode({ outdir: path.join(buildDir, "node") });
  process.env.CHORUS_BUILD_DIR = buildDir;
  return () => rmSync(buildDir, { recursive: true, force: true });
}

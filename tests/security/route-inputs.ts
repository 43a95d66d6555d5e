import { z, type ZodTypeAny } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

/**
 * What the route fuzzer sends where: every route module with its URL parameters and the names of the fields
 * and search parameters it reads, taken from the sources so that a new field is fuzzed without editing the
 * test: `name="…"` attributes and `.get("…")` calls in the route source, keys of the zod schemas the route
 * defines or imports from app/domain (walked at run time, with the enum and literal values they accept),
 * and the `.get("…")` calls of the domain modules it imports (filters such as `parseAnalyticsFilters(params)`
 * read their keys there).
 */

export type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
};
const modules = import.meta.glob<RouteModule>("../../app/routes/**/*.{ts,tsx}", { eager: true });
const sources = import.meta.glob<string>("../../app/routes/**/*.{ts,tsx}", {
  eager: true,
  query: "?raw",
  import: "default",
});
const domainModules = import.meta.glob<Record<string, unknown>>("../../app/domain/**/*.ts", { eager: true });
const domainSources = import.meta.glob<string>("../../app/domain/**/*.ts", {
  eager: true,
  query: "?raw",
  import: "default",
});

export const HOSTILE: Record<string, string | string[]> = {
  nul: "a\u0000b",
  long: "x".repeat(10_000),
  percent: "%E0%A4%A",
  feb30: "2026-02-30",
  year0: "0000-01-01",
  year9999: "9999-12-31",
  datetimeFeb30: "2026-02-30T09:00",
  notUuid: "not-a-uuid",
  unknownUuid: "00000000-0000-4000-8000-000000000000",
  hugeNumber: "99999999999999999999",
  // Right-to-left override, emoji with a skin tone and a flag, stacked combining marks.
  unicode: "\u202Egnp.exe\u202C 🙂👍🏽🇵🇹 e\u0301\u0301\u0301\u0301",
  empty: "",
  repeated: ["one", "two"],
};

// ---- Reading field names and their valid values from the sources -------------------------------------

export type FieldInfo = Map<string, Set<string>>; // name → values the route accepts (enum/literal/value="…")

function addField(fields: FieldInfo, name: string, value?: string) {
  // Lower-case identifiers only: `headers.get("Content-Type")` is not a field.
  if (!/^[a-z_][\w.-]*$/.test(name)) return;
  const values = fields.get(name) ?? new Set<string>();
  if (value !== undefined) values.add(value);
  fields.set(name, values);
}

/** Object keys of a zod schema with the enum/literal values each accepts, through effects, unions and arrays. */
function zodKeys(schema: ZodTypeAny, fields: FieldInfo, key?: string, depth = 0): void {
  if (depth > 8) return;
  const def = (schema as { _def?: Record<string, unknown> })._def ?? {};
  if (schema instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(schema.shape as Record<string, ZodTypeAny>)) {
      addField(fields, k);
      zodKeys(v, fields, k, depth + 1);
    }
    return;
  }
  if (schema instanceof z.ZodEnum && key) for (const v of schema.options as string[]) addField(fields, key, v);
  if (schema instanceof z.ZodLiteral && key && typeof schema.value === "string") addField(fields, key, schema.value);
  if (schema instanceof z.ZodNativeEnum && key)
    for (const v of Object.values(schema.enum as Record<string, unknown>))
      if (typeof v === "string") addField(fields, key, v);
  const inner = [def.schema, def.innerType, def.type, def.in, def.out, def.left, def.right, def.element];
  for (const s of inner) if (s instanceof z.ZodType) zodKeys(s, fields, key, depth + 1);
  const options =
    def.options instanceof Map ? [...def.options.values()] : Array.isArray(def.options) ? def.options : [];
  for (const s of options) if (s instanceof z.ZodType) zodKeys(s, fields, key, depth + 1);
}

function scanSource(source: string, fields: FieldInfo, formsToo: boolean) {
  for (const m of source.matchAll(/\.(?:get|getAll|has)\("([^"]+)"\)/g)) addField(fields, m[1]!);
  if (!formsToo) return;
  for (const m of source.matchAll(/\bname="([^"]+)"/g)) addField(fields, m[1]!);
  // value="…" on the same tag as name="…", either order: hidden intents, selects' options are in zod enums.
  for (const m of source.matchAll(/<[A-Za-z.]+\s[^>]*?\bname="([^"]+)"[^>]*?\bvalue="([^"]*)"/g))
    addField(fields, m[1]!, m[2]);
  for (const m of source.matchAll(/<[A-Za-z.]+\s[^>]*?\bvalue="([^"]*)"[^>]*?\bname="([^"]+)"/g))
    addField(fields, m[2]!, m[1]);
  for (const m of source.matchAll(/\bintent\s*[!=]==\s*"([^"]+)"/g)) addField(fields, "intent", m[1]);
  for (const m of source.matchAll(/[{,\s]([A-Za-z_]\w*):\s*z\./g)) addField(fields, m[1]!);
}

function domainFileFor(spec: string): string | undefined {
  const base = spec.replace(/^~\/domain\//, "../../app/domain/");
  return [`${base}.ts`, `${base}/index.ts`].find((f) => f in domainModules);
}

/** The text of one exported function, up to the next export: where it reads `params.get("…")`. */
function functionSource(source: string, name: string): string {
  const start = source.search(new RegExp(`export (async )?function ${name}\\b`));
  if (start < 0) return "";
  const next = source.indexOf("\nexport ", start + 1);
  return source.slice(start, next < 0 ? undefined : next);
}

function fieldsOf(file: string, source: string): FieldInfo {
  const fields: FieldInfo = new Map();
  scanSource(source, fields, true);
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]+)\}\s+from\s+"(~\/domain\/[^"]+)"/g)) {
    const domainFile = domainFileFor(m[2]!);
    if (!domainFile) continue;
    for (const name of m[1]!.split(",").map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0]!,
    )) {
      const exported = domainModules[domainFile]![name];
      if (exported instanceof z.ZodType) zodKeys(exported, fields);
      if (typeof exported === "function")
        scanSource(functionSource(domainSources[domainFile] ?? "", name), fields, false);
    }
  }
  if (file === "api.mentions.tsx" || file === "mentions.import.tsx") {
    const sov = domainModules["../../app/domain/sov/mentions.server.ts"]!;
    zodKeys(sov.mentionInputSchema as ZodTypeAny, fields);
  }
  return fields;
}

// ---- Requests ---------------------------------------------------------------------------------------

export type Route = { file: string; mod: RouteModule; params: string[]; fields: FieldInfo; intents: string[] };
export const routes: Route[] = Object.entries(modules)
  .map(([path, mod]) => ({ path, file: path.replace("../../app/routes/", ""), mod }))
  .filter(({ file }) => !file.includes(".server.") && !file.includes(".test."))
  .map(({ path, file, mod }) => {
    const fields = fieldsOf(file, sources[path] ?? "");
    const params = [...file.matchAll(/\$(\w+)/g)].map((m) => m[1]!);
    for (const p of params) fields.delete(p);
    const intents = [...(fields.get("intent") ?? [])];
    return { file, mod, params, fields, intents };
  });

/** `_app.studio.items.$id.tsx` → `/studio/items/<id>`. */
export function pathFor(file: string, params: Record<string, string>, rawParams = false): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((s) => s !== "_app" && s !== "_index")
    .map((s) =>
      s.startsWith("$")
        ? rawParams
          ? params[s.slice(1)]!
          : encodeURIComponent(params[s.slice(1)]!)
        : s.replace(/_$/, ""),
    );
  return `/${segments.join("/")}`;
}

export type Fields = Record<string, string | string[]>;
/** A query string; with `raw`, the malformed percent-encoding goes into the URL as it is, undecodable. */
export function query(fields: Fields, raw = false): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const one of [v].flat()) parts.push(`${k}=${raw && one === HOSTILE.percent ? one : encodeURIComponent(one)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

export type Outcome = { status: number; thrown?: unknown; body?: unknown };
export async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    if (thrown && typeof thrown === "object" && (thrown as { type?: string }).type === "DataWithResponseInit") {
      return { status: (thrown as { init?: { status?: number } }).init?.status ?? 200 };
    }
    return { status: 500, thrown };
  }
  if (result instanceof Response) return { status: result.status };
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const r = result as { data: unknown; init?: { status?: number } };
    return { status: r.init?.status ?? 200, body: r.data };
  }
  return { status: 200, body: result };
}

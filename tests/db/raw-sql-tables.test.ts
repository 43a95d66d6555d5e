import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Raw SQL names its tables by interpolating the schema objects (`sql\`select … from ${shares} s\``), so renaming a
// table in db/schema.ts fails tsc instead of a query at run time. This test reads every sql`…` template (and every
// sql.raw(…) string) under the scanned folders and lists each table written out as text after FROM, JOIN, INTO,
// UPDATE, LOCK [TABLE] or TRUNCATE [TABLE].

const root = path.resolve(__dirname, "../..");
/** Code the app, its jobs and seeds run; tests and bench/ may name tables as text (a migration test must). */
const scannedDirs = ["app", "db", "jobs", "seed"];

/** Every table name in db/schema.ts, read from its `pgTable("name"` calls. */
function schemaTableNames(): string[] {
  const schema = readFileSync(path.join(root, "db/schema.ts"), "utf8");
  return [...schema.matchAll(/pgTable\(\s*["'`]([a-z_][a-z0-9_]*)["'`]/g)].map((m) => m[1]!);
}

type Finding = { file: string; line: number; table: string; text: string };

/** Table names written as SQL text right after a keyword that takes a table. */
function tablePattern(tables: string[]): RegExp {
  const names = tables.join("|");
  return new RegExp(
    String.raw`\b(from|join|into|update|lock(?:\s+table)?|truncate(?:\s+table)?)\s+(?:only\s+)?` +
      String.raw`(?:"?public"?\s*\.\s*)?"?(${names})"?(?![\w$])`,
    "gi",
  );
}

function isSqlTag(tag: ts.Expression): boolean {
  return ts.isIdentifier(tag) && tag.text === "sql";
}

function isSqlRaw(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && isSqlTag(callee.expression) && callee.name.text === "raw";
}

/** The literal text pieces of a template or string: the parts between interpolations. */
function textParts(node: ts.Node): ts.Node[] {
  if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) return [node];
  if (ts.isTemplateExpression(node)) return [node.head, ...node.templateSpans.map((span) => span.literal)];
  return [];
}

/** Every table named as text in a sql`…` template or a sql.raw(…) string in one source file. */
function findNamedTables(file: string, source: string, tables: string[]): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKind(file));
  const pattern = tablePattern(tables);
  const findings: Finding[] = [];
  const check = (part: ts.Node) => {
    const raw = part.getText(sourceFile);
    for (const match of raw.matchAll(pattern)) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(part.getStart(sourceFile) + match.index);
      findings.push({ file, line: line + 1, table: match[2]!, text: match[0].replace(/\s+/g, " ") });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && isSqlTag(node.tag)) textParts(node.template).forEach(check);
    if (ts.isCallExpression(node) && isSqlRaw(node.expression)) node.arguments.flatMap(textParts).forEach(check);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/** Every .ts and .tsx file under `dir`, as paths relative to the repository root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

const tables = schemaTableNames();

describe("raw SQL names tables through the schema", () => {
  it("reads the table names from db/schema.ts", () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(tables).toEqual(expect.arrayContaining(["shares", "content_items", "sov_daily", "user_click_stats"]));
  });

  it("finds a table written out after each keyword, with quotes or a schema, in any case", () => {
    const source = [
      'import { sql } from "drizzle-orm";',
      "const a = sql`select s.id from shares s join content_items i on i.id = s.item_id`;",
      'const b = sql<{ n: number }>`SELECT count(*) AS n FROM "public"."shares"`;',
      "const c = sql`insert into point_events (user_id) values (${1})`;",
      "const d = sql`update ${1} set x = 1; delete from link_clicks where id = ${2}`;",
      "const e = sql`lock table job_state in exclusive mode`;",
      'const f = sql.raw("TRUNCATE sov_daily");',
      "const g = sql`select 1\n  from\n    user_click_stats`;",
      "const h = sql`update leaderboard_snapshots set x = 1`;",
    ].join("\n");
    const found = findNamedTables("bad.ts", source, tables).map(({ line, table }) => `${line}:${table}`);
    expect(found).toEqual([
      "2:shares",
      "2:content_items",
      "3:shares",
      "4:point_events",
      "5:link_clicks",
      "6:job_state",
      "7:sov_daily",
      "9:user_click_stats",
      "11:leaderboard_snapshots",
    ]);
  });

  it("accepts interpolated tables, columns named like tables, prose outside sql and other tags", () => {
    const source = [
      'import { sql } from "drizzle-orm";',
      "const a = sql`select s.id from ${shares} s join ${contentItems} i on i.id = s.item_id`;",
      "const b = sql`select extract(epoch from shares_at) from ${shares} where updated_at > now()`;",
      "const c = sql`insert into ${pointEvents} (user_id) values (1) on conflict do update set shares = 2`;",
      "// read from shares and join content_items",
      'const d = "select * from shares";',
      "const e = other`select * from shares`;",
      "const f = sql`select ${sql.raw(column)} from ${sovDaily} for update`;",
      'const g = sql`select 1 from ${"shares"}`;',
    ].join("\n");
    expect(findNamedTables("good.ts", source, tables)).toEqual([]);
  });

  it("finds no table named as text in app/, db/, jobs/ or seed/", () => {
    const files = scannedDirs.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) =>
      findNamedTables(file, readFileSync(path.join(root, file), "utf8"), tables),
    );
    const listed = findings.map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(listed, "interpolate the schema table instead, e.g. sql`… from ${shares} s`").toEqual([]);
  });
});

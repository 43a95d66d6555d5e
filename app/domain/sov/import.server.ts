import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { CSV_IMPORT_BODY_LIMIT } from "../../http/limits";
import { audit } from "../audit.server";
import { listBrands } from "./brands.server";
import { insertMentions, resolveMention, type MentionRow } from "./mentions.server";
import { dbNow, rollupTouchedDays } from "./tally.server";
import type { Db } from "../../../db/client.server";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** The mentions import: a listening tool's CSV export, streamed in, reported line by line. */

export interface RowError {
  line: number;
  reason: string;
}
export interface ImportReport {
  rows: number;
  imported: number;
  duplicates: number;
  errors: RowError[];
  /** Errors beyond the first MAX_REPORTED_ERRORS are counted, not listed. */
  errorCount: number;
  fatal?: string;
}

/** The CSV import's own limit (it reports the rows read up to it), the edge's limit for the route (limits.ts). */
export const MAX_IMPORT_BYTES = CSV_IMPORT_BODY_LIMIT;
const MAX_REPORTED_ERRORS = 200;
const BATCH = 500;
const HEADER_ALIASES: Record<string, string> = {
  date: "date",
  time: "date",
  published: "date",
  published_at: "date",
  timestamp: "date",
  network: "network",
  channel: "network",
  source: "network",
  platform: "network",
  author: "author",
  user: "author",
  handle: "author",
  url: "url",
  link: "url",
  permalink: "url",
  text: "text",
  content: "text",
  message: "text",
  body: "text",
  brand: "brand",
  id: "id",
  external_id: "id",
  mention_id: "id",
};

type CsvInput = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/**
 * The import page's upload, whole: imports the file, recounts the days it touched right away (so the chart
 * moves without waiting for the tally) and audits the import with its counts.
 */
export async function importMentionsFile(
  db: Db,
  upload: { actorId: string; body: CsvInput; fileName: string },
): Promise<ImportReport> {
  const since = await dbNow(db);
  const report = await importMentionsCsv(db, upload.body);
  if (report.imported) await rollupTouchedDays(db, { mentionsSince: since });
  await audit(db, {
    actorId: upload.actorId,
    action: "mentions.import",
    targetType: "mentions",
    detail: {
      fileName: upload.fileName.slice(0, 200),
      rows: report.rows,
      imported: report.imported,
      duplicates: report.duplicates,
      errors: report.errorCount,
    },
  });
  return report;
}

/** The header row's names as the import's fields (null for a column it ignores). */
function columnsOf(header: string[]): (string | null)[] {
  return header.map(
    (h) =>
      HEADER_ALIASES[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      ] ?? null,
  );
}

/**
 * Imports a listening-tool CSV export read as a stream, line by line, in batches: bad rows are
 * reported with their line number and reason, good rows are kept, re-importing adds nothing.
 * Nothing holds the whole file in memory; `onProgress` gets the bytes read so far.
 */
export async function importMentionsCsv(
  db: Db,
  input: CsvInput,
  options: { maxBytes?: number; onProgress?: (bytes: number) => void } = {},
): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, imported: 0, duplicates: 0, errors: [], errorCount: 0 };
  const fail = (line: number, reason: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, reason });
  };
  const brandList = await listBrands(db);
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  let bytes = 0;
  const source =
    input instanceof ReadableStream ? Readable.fromWeb(input as NodeReadableStream<Uint8Array>) : Readable.from(input);
  const counted = async function* () {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (bytes > maxBytes) throw new TooLarge();
      options.onProgress?.(bytes);
      yield chunk;
    }
  };
  const parser = parse({
    bom: true,
    columns: false,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    info: true,
  });
  // pipeline() hands a read error (or the size limit) to the parser, so the loop below throws it.
  pipeline(Readable.from(counted()), parser, () => undefined);
  let columns: (string | null)[] | null = null;
  let pending: MentionRow[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    const inserted = await insertMentions(db, batch);
    report.imported += inserted;
    report.duplicates += batch.length - inserted;
  };
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = record.info.lines;
      if (!columns) {
        const header = columnsOf(record.record);
        columns = header;
        const missing = ["date", "network"].filter((c) => !header.includes(c));
        if (missing.length) {
          report.fatal =
            `The first line must name the columns; ${missing.join(" and ")} ` +
            `${missing.length > 1 ? "are" : "is"} missing (expected date, network, author, url, text, brand).`;
          fail(line, report.fatal);
          break;
        }
        continue;
      }
      report.rows++;
      const raw: Record<string, string> = {};
      columns.forEach((name, i) => {
        const value = record.record[i];
        if (name && value !== undefined) raw[name] = value;
      });
      const resolved = resolveMention(raw, brandList, "import");
      if (!resolved.ok) fail(line, resolved.reason);
      else {
        pending.push(resolved.row);
        if (pending.length >= BATCH) await flush();
      }
    }
    await flush();
  } catch (error) {
    await flush().catch(() => undefined);
    if (error instanceof TooLarge)
      report.fatal =
        `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; ` + "rows up to that point were imported.";
    else if (error && typeof error === "object" && "code" in error && String(error.code).startsWith("CSV_")) {
      const e = error as unknown as { message: string; lines?: number };
      report.fatal = `The file is not valid CSV near line ${e.lines ?? "?"}: ${e.message}`;
    } else throw error;
    fail(0, report.fatal);
  }
  if (!columns && !report.fatal) {
    report.fatal = "The file is empty.";
    fail(0, report.fatal);
  }
  return report;
}

class TooLarge extends Error {}

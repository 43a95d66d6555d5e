import pg from "pg";

/**
 * What raw SQL results (`rows()`) give in JavaScript, the same on pg and PGlite.
 *
 * Both drivers start from different defaults (pg: int8 and numeric as strings, bytea as Buffer; PGlite: int8
 * as number, bytea as Uint8Array), and drizzle turns timestamps, dates and intervals back into strings on both
 * (its own column decoders want the text). So one table decides, keyed by the result column's type oid, and
 * `normalizeRows` applies it to whatever either driver handed back. Anything not listed (text, uuid, enums,
 * int2/int4/float, bool, json, text[]) is already the same on both: string, number, boolean, parsed JSON, arrays.
 */
export const RESULT_TYPES = {
  timestamptz: "Date",
  timestamp: "Date (the value read as UTC: the app stores instants, never wall-clock times)",
  date: "string YYYY-MM-DD (a calendar day is not an instant; a Date would shift it by the server's zone)",
  int8: "number (counts and ids stay far below 2^53)",
  numeric: "number (sums, averages and ratios; nothing in Chorus needs decimal precision)",
  interval: "string in Postgres's own format, e.g. '1 day 02:00:00'",
  bytea: "Buffer",
  json: "parsed value",
  bool: "boolean",
  uuid: "string",
  arrays: "Array of the element's type (timestamptz[] -> Date[], int8[] -> number[], ...)",
} as const;

type Convert = (value: unknown) => unknown;

const MAX_DATE_MS = 8.64e15;
const STAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/** A Postgres timestamp in text form (ISO DateStyle) as a Date; without a zone it is read as UTC. */
export function parseTimestamp(text: string): Date {
  if (text === "infinity") return new Date(MAX_DATE_MS);
  if (text === "-infinity") return new Date(-MAX_DATE_MS);
  const m = STAMP.exec(text);
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om, os, bc] = m;
  const year = bc ? 1 - Number(y) : Number(y);
  const date = new Date(
    Date.UTC(
      2000,
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s),
      frac ? Math.round(Number(frac) * 1000) : 0,
    ),
  );
  date.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
  if (sign) {
    const offsetMs = ((Number(oh) * 60 + Number(om ?? 0)) * 60 + Number(os ?? 0)) * 1000;
    date.setTime(date.getTime() - (sign === "-" ? -offsetMs : offsetMs));
  }
  return date;
}

const toDate: Convert = (v) => (v instanceof Date ? v : typeof v === "string" ? parseTimestamp(v) : v);
const toNumber: Convert = (v) => (typeof v === "string" || typeof v === "bigint" ? Number(v) : v);
const toBuffer: Convert = (v) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
const toDay: Convert = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

const SCALARS: Record<number, Convert> = {
  1184: toDate, // timestamptz
  1114: toDate, // timestamp
  1082: toDay, // date
  20: toNumber, // int8
  1700: toNumber, // numeric
  17: toBuffer, // bytea
};

// Array oid -> element converter. Arrays of other types are parsed alike by both drivers already.
const ARRAYS: Record<number, Convert> = {
  1185: toDate, // timestamptz[]
  1115: toDate, // timestamp[]
  1182: toDay, // date[]
  1016: toNumber, // int8[]
  1231: toNumber, // numeric[]
  1187: (v) => v, // interval[]: drizzle leaves it as the array literal on both
  1001: toBuffer, // bytea[]
};

// Parses an array literal ('{a,"b c",NULL}', nested too) into strings and nulls: pg's public text parser for text[].
const getTextParser = pg.types.getTypeParser as (oid: number, format: "text") => (text: string) => unknown;
const parseTextArray = getTextParser(1009, "text"); // text[]

function mapDeep(value: unknown, convert: Convert): unknown {
  return Array.isArray(value) ? value.map((v) => mapDeep(v, convert)) : value === null ? null : convert(value);
}

function converterFor(oid: number): Convert | undefined {
  const scalar = SCALARS[oid];
  if (scalar) return (v) => (v === null ? null : scalar(v));
  const element = ARRAYS[oid];
  if (element) return (v) => (v === null ? null : mapDeep(typeof v === "string" ? parseTextArray(v) : v, element));
  return undefined;
}

/** The rows of a driver result with every column converted to the type RESULT_TYPES names (in place). */
export function normalizeRows<T>(result: {
  rows: T[];
  fields?: ReadonlyArray<{ name: string; dataTypeID: number }>;
}): T[] {
  const columns = (result.fields ?? []).flatMap((f) => {
    const convert = converterFor(f.dataTypeID);
    return convert ? [{ name: f.name, convert }] : [];
  });
  if (!columns.length) return result.rows;
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const { name, convert } of columns) if (name in row) row[name] = convert(row[name]);
  }
  return result.rows;
}

/** CSV writing for every export (RFC 4180; cells that a spreadsheet would run as a formula are defused). */

export type CsvCell = string | number | boolean | null | undefined | Date;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  // A leading = + - @ makes Excel/Sheets evaluate the cell; numbers are left alone.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], body: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return [header, ...body].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A download response for a CSV export. */
export function csvResponse(filename: string, csv: string): Response {
  const safe = filename.replace(/[^a-z0-9._-]+/gi, "-");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safe}"`,
      "Cache-Control": "no-store",
    },
  });
}

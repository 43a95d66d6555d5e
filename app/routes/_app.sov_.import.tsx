import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatInt } from "~/components/report";
import { requireUser, STAFF } from "~/domain/guards.server";
import { listBrands, type ImportReport } from "~/domain/sov.server";
import { CSV_IMPORT_BODY_LIMIT } from "~/http/limits";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import mentions · Share of voice · Chorus" }];

const MAX_MB = CSV_IMPORT_BODY_LIMIT / 1024 / 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  return {
    brands: (await listBrands(context.db)).map((b) => ({ name: b.name, keywords: b.keywords, isOwn: b.isOwn })),
  };
}

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; loaded: number; total: number }
  | { phase: "processing" }
  | { phase: "done"; report: ImportReport }
  | { phase: "failed"; message: string; report?: ImportReport };

export default function ImportMentions() {
  const { brands } = useLoaderData<typeof loader>();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const [fileError, setFileError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const revalidator = useRevalidator();
  const busy = state.phase === "uploading" || state.phase === "processing";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) return setFileError("Choose a CSV file to import.");
    if (file.size > MAX_MB * 1024 * 1024)
      return setFileError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_MB} MB.`);
    setFileError(null);
    setState({ phase: "uploading", loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/mentions/import");
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) =>
      setState({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setState({ phase: "processing" });
    xhr.onerror = () =>
      setState({ phase: "failed", message: "The upload failed. Check your connection and try again." });
    xhr.onload = () => {
      let body: (ImportReport & { error?: string }) | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        setState({ phase: "done", report: body });
        revalidator.revalidate();
      } else
        setState({
          phase: "failed",
          message: body?.fatal ?? body?.error ?? `The import failed (HTTP ${xhr.status}).`,
          report: body?.errors ? body : undefined,
        });
    };
    xhr.send(file);
  }

  const report = state.phase === "done" ? state.report : state.phase === "failed" ? state.report : undefined;
  const percent =
    state.phase === "uploading" && state.total
      ? Math.round((state.loaded / state.total) * 100)
      : state.phase === "processing"
        ? 100
        : 0;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 style={{ margin: 0 }}>Import mentions</h1>
          <p className="muted" style={{ margin: "0.25rem 0 0" }}>
            Upload a listening-tool export (CSV, up to {MAX_MB} MB). Importing the same file again adds nothing.
          </p>
        </div>
        <Link to="/sov" className="button button-secondary">
          Back to share of voice
        </Link>
      </div>
      <section className="card stack" aria-labelledby="upload-heading">
        <h2 id="upload-heading" style={{ margin: 0 }}>
          Upload a file
        </h2>
        <form className="stack" onSubmit={submit} noValidate>
          <div className={`field${fileError ? " field-invalid" : ""}`}>
            <label htmlFor="mentions-file">CSV file</label>
            <input
              id="mentions-file"
              ref={inputRef}
              type="file"
              name="file"
              accept=".csv,text/csv"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? "mentions-file-error" : "mentions-file-hint"}
              disabled={busy}
            />
            {fileError ? (
              <p className="field-error" id="mentions-file-error" role="alert">
                {fileError}
              </p>
            ) : (
              <p className="field-hint" id="mentions-file-hint">
                Columns: <code>date, network, author, url, text, brand</code> (brand optional: when it is empty the
                brand is found by its keywords; an <code>id</code> column is used to recognise rows already imported).
              </p>
            )}
          </div>
          <div>
            <button type="submit" disabled={busy}>
              {busy ? "Importing…" : "Import"}
            </button>
          </div>
        </form>
        {busy ? (
          <div className="stack" style={{ gap: "0.35rem" }}>
            <progress max={100} value={percent} aria-label="Import progress">
              {percent}%
            </progress>
            <p className="muted" role="status" style={{ margin: 0 }}>
              {state.phase === "uploading"
                ? `Uploading and importing… ${percent}% (${formatInt(Math.round(state.loaded / 1024))} of ${formatInt(Math.round(state.total / 1024))} KB)`
                : "Finishing the import and updating share of voice…"}
            </p>
          </div>
        ) : null}
        {state.phase === "done" ? (
          <div className="notice" role="status">
            Imported {formatInt(state.report.imported)} of {formatInt(state.report.rows)} rows
            {state.report.duplicates ? `; ${formatInt(state.report.duplicates)} already imported` : ""}
            {state.report.errorCount
              ? `; ${formatInt(state.report.errorCount)} rows had problems (listed below)`
              : ""}. <Link to="/sov">See share of voice</Link>
          </div>
        ) : null}
        {state.phase === "failed" ? (
          <div className="form-error" role="alert">
            {state.message}
          </div>
        ) : null}
        {report && report.errors.length ? (
          <table>
            <caption style={{ textAlign: "left", fontWeight: 600, padding: "0.5rem 0" }}>
              Rows not imported
              {report.errorCount > report.errors.length
                ? ` (first ${report.errors.length} of ${formatInt(report.errorCount)})`
                : ""}
            </caption>
            <thead>
              <tr>
                <th className="num">Line</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e, i) => (
                <tr key={`${e.line}-${i}`}>
                  <td className="num">{e.line || "—"}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="card stack" aria-labelledby="brands-heading">
        <h2 id="brands-heading" style={{ margin: 0 }}>
          Tracked brands and keywords
        </h2>
        {brands.length ? (
          <ul className="plain-list">
            {brands.map((b) => (
              <li key={b.name}>
                <strong>{b.name}</strong> {b.isOwn ? <span className="badge">own</span> : null}{" "}
                <span className="muted">{b.keywords.join(", ")}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            No brands yet. <Link to="/brands">Add your brand and competitors</Link> before importing.
          </p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

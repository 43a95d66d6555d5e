import { useHydrated } from "~/components/use-hydrated";
import type { FormEvent, RefObject } from "react";

/** The file field and Import button; the hint lists the columns an export needs. */
export function UploadForm({
  inputRef,
  fileError,
  busy,
  onSubmit,
}: {
  inputRef: RefObject<HTMLInputElement>;
  fileError: string | null;
  busy: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}) {
  // The file is streamed by the page's script: before it runs, Import would only reload the page.
  const hydrated = useHydrated();
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
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
            Columns: <code>date, network, author, url, text, brand</code> (brand optional: when it is empty the brand is
            found by its keywords; an <code>id</code> column is used to recognise rows already imported).
          </p>
        )}
      </div>
      <div>
        <button type="submit" disabled={busy || !hydrated}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
    </form>
  );
}

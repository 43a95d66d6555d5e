import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportErrors } from "~/components/sov/import-errors";
import { TrackedBrands } from "~/components/sov/tracked-brands";
import { UploadForm } from "~/components/sov/upload-form";
import { UploadStatus } from "~/components/sov/upload-status";
import { MAX_MB, useMentionsUpload } from "~/components/sov/use-mentions-upload";
import { requireUser, STAFF } from "~/domain/guards.server";
import { listBrands } from "~/domain/sov/brands.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import mentions · Share of voice · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  return {
    brands: (await listBrands(context.db)).map((b) => ({ name: b.name, keywords: b.keywords, isOwn: b.isOwn })),
  };
}

/** The file goes to POST /mentions/import (mentions.import.tsx), which streams it into the import. */
export default function ImportMentions() {
  const { brands } = useLoaderData<typeof loader>();
  const upload = useMentionsUpload();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 className="flush">Import mentions</h1>
          <p className="muted page-lede">
            Upload a listening-tool export (CSV, up to {MAX_MB} MB). Importing the same file again adds nothing.
          </p>
        </div>
        <Link to="/sov" className="button button-secondary">
          Back to share of voice
        </Link>
      </div>
      <section className="card stack" aria-labelledby="upload-heading">
        <h2 id="upload-heading" className="flush">
          Upload a file
        </h2>
        <UploadForm
          inputRef={upload.inputRef}
          fileError={upload.fileError}
          busy={upload.busy}
          onSubmit={upload.submit}
        />
        <UploadStatus state={upload.state} busy={upload.busy} percent={upload.percent} />
        {upload.report ? <ImportErrors report={upload.report} /> : null}
      </section>
      <TrackedBrands brands={brands} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError } from "~/components/field";
import { requireUser, STAFF } from "~/domain/guards.server";
import { brandSchema, deleteBrand, listBrands, saveBrand } from "~/domain/sov.server";
import { parseForm, type FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Brands · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  return { brands: await listBrands(context.db) };
}

type Reply = { ok: boolean; intent: string; id?: string; message?: string; errors: FieldErrors };
const deleteSchema = z.object({ id: z.string().uuid("Pick a brand") });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "") || undefined;
  const reply = (r: Reply) => data(r, { status: r.ok ? 200 : 400 });
  if (intent === "save") {
    const parsed = parseForm(brandSchema, formData);
    if (!parsed.ok) return reply({ ok: false, intent, id, errors: parsed.errors });
    const result = await saveBrand(context.db, user.id, parsed.data);
    return reply({
      ok: result.ok,
      intent,
      id,
      message: result.message,
      errors: result.ok ? {} : { [result.field ?? "form"]: result.message },
    });
  }
  if (intent === "delete") {
    const parsed = parseForm(deleteSchema, formData);
    if (!parsed.ok) return reply({ ok: false, intent, id, errors: parsed.errors });
    const result = await deleteBrand(context.db, user.id, parsed.data.id);
    return reply({
      ok: result.ok,
      intent,
      id,
      message: result.message,
      errors: result.ok ? {} : { form: result.message },
    });
  }
  return reply({ ok: false, intent, errors: { form: "Unknown action." } });
}

type BrandRow = ReturnType<typeof useLoaderData<typeof loader>>["brands"][number];

function BrandForm({ brand }: { brand?: BrandRow }) {
  const fetcher = useFetcher<Reply>();
  const errors = fetcher.data?.intent === "save" ? fetcher.data.errors : {};
  const busy = fetcher.state !== "idle";
  const title = brand ? brand.name : "Add a brand";
  return (
    <section className="card stack brand-card" aria-label={title}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0, fontSize: "1.1rem" }}>
          {brand ? <span className="swatch" style={{ background: brand.color }} aria-hidden="true" /> : null} {title}{" "}
          {brand?.isOwn ? (
            <span className="badge">own brand</span>
          ) : brand ? (
            <span className="badge badge-muted">competitor</span>
          ) : null}
        </h2>
        {brand ? (
          <fetcher.Form
            method="post"
            className="inline-form"
            onSubmit={(e) => {
              if (!confirm(`Delete ${brand.name} and all its mentions?`)) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={brand.id} />
            <button type="submit" className="button-small button-danger" disabled={busy}>
              Delete
            </button>
          </fetcher.Form>
        ) : null}
      </div>
      <FormError
        message={
          errors.form ?? (fetcher.data?.intent === "delete" && !fetcher.data.ok ? fetcher.data.errors.form : undefined)
        }
      />
      {fetcher.data?.ok && fetcher.data.intent === "save" ? (
        <p className="field-hint" role="status">
          {fetcher.data.message}
        </p>
      ) : null}
      <fetcher.Form
        method="post"
        className="row"
        style={{ alignItems: "flex-start" }}
        noValidate
        key={brand ? `${brand.id}-${brand.name}-${brand.color}` : fetcher.data?.ok ? "new-saved" : "new"}
      >
        <input type="hidden" name="intent" value="save" />
        {brand ? <input type="hidden" name="id" value={brand.id} /> : null}
        <Field label="Name" name="name" defaultValue={brand?.name} error={errors.name} required />
        <Field
          label="Keywords"
          name="keywords"
          defaultValue={brand?.keywords.join(", ")}
          error={errors.keywords}
          hint="Comma-separated; matched in mention text when an import has no brand."
          required
        />
        <Field label="Colour" name="color" type="color" defaultValue={brand?.color ?? "#64748b"} error={errors.color} />
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <label className="row" style={{ fontWeight: 400, gap: "0.4rem" }}>
            <input type="checkbox" name="isOwn" defaultChecked={brand?.isOwn ?? false} /> Our own brand
          </label>
        </div>
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : brand ? "Save" : "Add brand"}
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

export default function Brands() {
  const { brands } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 style={{ margin: 0 }}>Brands</h1>
          <p className="muted" style={{ margin: "0.25rem 0 0" }}>
            Your brand and the competitors share of voice compares it with. Each published share counts as one mention
            of your own brand.
          </p>
        </div>
        <Link to="/sov" className="button button-secondary">
          Share of voice
        </Link>
      </div>
      {brands.length ? null : <p className="notice">No brands yet: add your own brand first, then competitors.</p>}
      {brands.map((b) => (
        <BrandForm key={b.id} brand={b} />
      ))}
      <BrandForm />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

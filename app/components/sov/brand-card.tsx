import { useFetcher } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import type { Brand } from "~/domain/sov/brands.server";
import type { FieldErrors } from "~/forms";

/** What the brands route's action answers, for either of its intents. */
export type BrandReply = { ok: boolean; intent: string; id?: string; message?: string; errors: FieldErrors };
export type BrandView = Pick<Brand, "id" | "name" | "keywords" | "color" | "isOwn">;
type Fetcher = ReturnType<typeof useFetcher<BrandReply>>;

/** A brand's name, own or competitor badge, and its Delete button (after a confirm). */
function BrandTitle({ brand, fetcher, title }: { brand?: BrandView; fetcher: Fetcher; title: string }) {
  return (
    <div className="row row-between">
      <h2 className="card-title">
        {/* The one style left: the swatch is the brand's own colour. */}
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
          <button type="submit" className="button-small button-danger" disabled={fetcher.state !== "idle"}>
            Delete
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}

/** The save form: name, keywords, colour and the own-brand box. */
function BrandFields({ brand, fetcher, errors }: { brand?: BrandView; fetcher: Fetcher; errors: FieldErrors }) {
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form
      method="post"
      className="row row-top"
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
        <label className="row check-label">
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
  );
}

/** One brand's card (or, without a brand, the card that adds one), saved and deleted through a fetcher. */
export function BrandCard({ brand }: { brand?: BrandView }) {
  const fetcher = useFetcher<BrandReply>();
  const errors = fetcher.data?.intent === "save" ? fetcher.data.errors : {};
  const title = brand ? brand.name : "Add a brand";
  return (
    <section className="card stack brand-card" aria-label={title}>
      <BrandTitle brand={brand} fetcher={fetcher} title={title} />
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
      <BrandFields brand={brand} fetcher={fetcher} errors={errors} />
    </section>
  );
}

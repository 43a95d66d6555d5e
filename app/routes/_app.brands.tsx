import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BrandCard, type BrandReply } from "~/components/sov/brand-card";
import { requireUser, STAFF } from "~/domain/guards.server";
import { brandSchema, deleteBrand, listBrands, saveBrand } from "~/domain/sov/brands.server";
import { parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Brands · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  return { brands: await listBrands(context.db) };
}

const deleteSchema = z.object({ id: z.string().uuid("Pick a brand") });
/** A form value as text: a file where text was expected reads as empty. */
const asText = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const formData = await request.formData();
  const intent = asText(formData.get("intent"));
  const id = asText(formData.get("id")) || undefined;
  const reply = (r: BrandReply) => data(r, { status: r.ok ? 200 : 400 });
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

export default function Brands() {
  const { brands } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 className="flush">Brands</h1>
          <p className="muted page-lede">
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
        <BrandCard key={b.id} brand={b} />
      ))}
      <BrandCard />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

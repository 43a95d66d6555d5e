import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, TextAreaField } from "~/components/field";
import { Markdown } from "~/components/markdown";
import { StudioTabs } from "~/components/studio-tabs";
import { requireUser, STAFF } from "~/domain/guards.server";
import { HELP_PAGE_SLUGS, helpPagePath } from "~/domain/help-pages";
import { getPage, pageInput, savePage } from "~/domain/pages.server";
import { formError, formOk, parseForm } from "~/forms";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Edit page · Studio · Chorus" }];

const slugSchema = z.enum(HELP_PAGE_SLUGS as [(typeof HELP_PAGE_SLUGS)[number], ...(typeof HELP_PAGE_SLUGS)[number][]]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const slug = slugSchema.safeParse(params.slug);
  if (!slug.success) throw notFound();
  const page = await getPage(context.db, slug.data);
  return {
    slug: slug.data,
    path: helpPagePath(slug.data),
    title: page.title,
    body: page.bodyMd,
    updatedAt: page.updatedAt?.toISOString() ?? null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const slug = slugSchema.safeParse(params.slug);
  if (!slug.success) return formError("Unknown page.", 404);
  const parsed = parseForm(pageInput, await request.formData());
  if (!parsed.ok) return formError(parsed.errors);
  await savePage(context.db, { actorId: user.id, slug: slug.data, input: parsed.data });
  return formOk("Page saved; everyone sees the new version now.");
}

export default function EditPage() {
  const { title, body, path, updatedAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const [draft, setDraft] = useState(body);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            <Link to="/studio/pages">← Pages</Link> · <Link to={path}>View as a rep</Link>
          </p>
        </div>
      </div>
      <StudioTabs />
      <ActionFeedback status={result?.status} error={errors.form} />
      <div className="grid grid-editor">
        <Form method="post" className="card stack" aria-label="Page editor" key={updatedAt ?? "new"}>
          <Field label="Page title" name="title" defaultValue={title} error={errors.title} required />
          <TextAreaField
            label="Markdown"
            name="bodyMd"
            rows={18}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            error={errors.bodyMd}
            hint="# Heading, ## Subheading, - list item, **bold**, [link](https://…). HTML is shown as text."
          />
          <div className="row">
            <button type="submit" disabled={navigation.state !== "idle"}>
              {navigation.state === "submitting" ? "Saving…" : "Save page"}
            </button>
          </div>
        </Form>
        <section className="card" aria-label="Preview">
          <p className="muted mt-0">Preview</p>
          <Markdown source={draft} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

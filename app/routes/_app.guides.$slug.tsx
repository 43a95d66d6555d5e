import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HelpTabs } from "~/components/help-tabs";
import { Markdown } from "~/components/markdown";
import { requireUser, STAFF } from "~/domain/guards.server";
import { getPage } from "~/domain/pages.server";
import { notFound } from "~/http/responses.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

const slugSchema = z.enum(["guidelines", "tips", "faq"]);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Guides"} · Chorus` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const slug = slugSchema.safeParse(params.slug);
  if (!slug.success) throw notFound();
  const page = await getPage(context.db, slug.data);
  return {
    slug: slug.data,
    title: page.title,
    body: page.bodyMd,
    canEdit: (STAFF as readonly string[]).includes(user.role),
  };
}

export default function Guide() {
  const { slug, title, body, canEdit } = useLoaderData<typeof loader>();
  return (
    <div className="stack page-narrow">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
        </div>
        {canEdit ? (
          <Link className="button button-secondary" to={`/studio/pages/${slug}`}>
            Edit page
          </Link>
        ) : null}
      </div>
      <HelpTabs />
      <article className="card">
        {body.trim() ? (
          <Markdown source={body} title={title} />
        ) : (
          <p className="muted">Marketing has not written this page yet.</p>
        )}
      </article>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

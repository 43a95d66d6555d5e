import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StudioTabs } from "~/components/studio-tabs";
import { requireUser, STAFF } from "~/domain/guards.server";
import { HELP_PAGE_SLUGS, helpPagePath } from "~/domain/help-pages";
import { getPage } from "~/domain/pages.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Pages · Studio · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const pages = await Promise.all(HELP_PAGE_SLUGS.map((slug) => getPage(context.db, slug)));
  return {
    pages: pages.map((p) => ({
      slug: p.slug,
      title: p.title,
      updatedAt: p.updatedAt?.toISOString() ?? null,
      path: helpPagePath(p.slug as (typeof HELP_PAGE_SLUGS)[number]),
    })),
  };
}

export default function StudioPages() {
  const { pages } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Pages</h1>
          <p className="muted">
            Guidelines, tips, FAQ and the social media policy, written in markdown and shown to everyone.
          </p>
        </div>
      </div>
      <StudioTabs />
      <table className="card">
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col">Last edited</th>
            <th scope="col">
              <span className="sr-only">Read</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pages.map((page) => (
            <tr key={page.slug}>
              <td>
                <Link to={`/studio/pages/${page.slug}`}>{page.title}</Link>
              </td>
              <td>
                {page.updatedAt ? (
                  new Date(page.updatedAt).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC"
                ) : (
                  <span className="muted">Not written yet</span>
                )}
              </td>
              <td>
                <Link to={page.path}>View as a rep</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

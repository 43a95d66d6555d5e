import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CoverImage } from "~/components/cover-image";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LibrarySearch } from "~/components/library/library-search";
import { PackCards } from "~/components/library/pack-cards";
import { BrowserTimeZone } from "~/components/onboarding/browser-time-zone";
import { FirstStepsChecklist } from "~/components/onboarding/first-steps";
import { Pager } from "~/components/pager";
import { CONTENT_TYPES } from "~/domain/content-types";
import { libraryForUser, notSharedYet, trendingItems } from "~/domain/content.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORKS } from "~/domain/networks";
import { onboardingState } from "~/domain/onboarding.server";
import { livePacksForTeam } from "~/domain/packs.server";
import { text } from "~/domain/validation";
import { formatDayInZone } from "~/domain/zoned-time.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Library · Chorus" }];

const querySchema = z.object({
  // A search the database cannot run (a NUL byte) or the page cannot use is ignored, like any malformed filter.
  q: text().trim().max(200).optional().catch(undefined),
  type: z.enum(CONTENT_TYPES).optional().catch(undefined),
  tag: text().trim().min(1).max(40).optional().catch(undefined),
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
    .optional()
    .catch(undefined),
  network: z.enum(NETWORKS).optional().catch(undefined),
  pack: z.string().uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filtered = Boolean(query.q || query.type || query.tag || query.language || query.network || query.pack);
  const now = new Date();
  // The home sections show on the unfiltered first page; a search or filter shows results only.
  const home = !filtered && (query.page ?? 1) === 1;
  const [result, packs, fresh, trending, { steps, timeZoneUnconfirmed: guessZone }] = await Promise.all([
    libraryForUser(context.db, { user, query, now }),
    home || query.pack ? livePacksForTeam(context.db, { teamId: user.teamId, now, limit: home ? 6 : 100 }) : [],
    home ? notSharedYet(context.db, { user, now }) : [],
    home ? trendingItems(context.db, { user, now }) : [],
    onboardingState(context.db, user.id),
  ]);
  const pack = query.pack ? (packs.find((p) => p.id === query.pack) ?? null) : null;
  return {
    firstName: user.name.split(" ")[0],
    query,
    filtered,
    pack: pack ? { title: pack.title, description: pack.description } : null,
    packs: home
      ? packs.map((p) => ({
          id: p.id,
          title: p.title,
          description: p.description,
          coverUrl: p.coverUrl,
          endsAt: p.endsAt?.toISOString() ?? null,
          endsOn: p.endsAt ? formatDayInZone(p.endsAt, user.timeZone) : null,
          items: p.items,
        }))
      : [],
    fresh,
    trending,
    // The first-steps checklist (decision 019): shown until dismissed or every step is done.
    firstSteps: steps.dismissed || (steps.policy && steps.connected && steps.shared && steps.installed) ? null : steps,
    guessZone,
    ...result,
  };
}

type Card = { id: string; type: string; title: string; summary: string; imageUrl: string | null };

function ItemCard({ item }: { item: Card }) {
  return (
    <li className="card item-card">
      <CoverImage src={item.imageUrl} title={item.title} lazy />
      <span className="badge">{item.type}</span>
      <h3>
        <Link to={`/items/${item.id}`}>{item.title}</Link>
      </h3>
      <p>{item.summary}</p>
      <div className="row mt-auto">
        <Link className="button button-small" to={`/share/${item.id}`} aria-label={`Share ${item.title}`}>
          Share
        </Link>
        <Link
          className="button button-small button-secondary"
          to={`/share/${item.id}?network=x`}
          aria-label={`Share ${item.title} on X`}
        >
          On X
        </Link>
      </div>
    </li>
  );
}

function Section({ title, items }: { title: string; items: Card[] }) {
  if (!items.length) return null;
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="stack gap-lg">
      <h2 className="flush" id={id}>
        {title}
      </h2>
      <ul className="grid list-bare" aria-label={title}>
        {items.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}

/** What the library's loader gives its pieces (app/components/library). */
export type LibraryData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Library() {
  const { firstName, query, filtered, pack, packs, fresh, trending, items, page, hasMore, ...onboarding } =
    useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pageLink = (p: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== "page" && v)), page: String(p) })}`;
  return (
    <div className="stack">
      {onboarding.guessZone ? <BrowserTimeZone /> : null}
      <div className="page-head">
        <div>
          <h1>Library</h1>
          <p className="muted">Hi {firstName}, here is what marketing has ready for you to share.</p>
        </div>
      </div>
      {onboarding.firstSteps ? <FirstStepsChecklist steps={onboarding.firstSteps} /> : null}
      <LibrarySearch query={query} filtered={filtered} searching={navigation.state === "loading"} />
      {pack ? (
        <div className="card">
          <h2 className="flush">{pack.title}</h2>
          {pack.description ? <p className="muted mb-0">{pack.description}</p> : null}
        </div>
      ) : null}
      {packs.length ? <PackCards packs={packs} /> : null}
      <Section title="Not shared yet" items={fresh} />
      <Section title="Trending this week" items={trending} />
      {!filtered && page === 1 ? (
        <h2 className="flush" id="section-newest">
          Newest
        </h2>
      ) : null}
      {items.length === 0 ? (
        <p className="card">
          {filtered
            ? "Nothing matches. Try other words or clear the filters."
            : "Nothing to share yet. Marketing has not published any content."}
        </p>
      ) : (
        <ul className="grid list-bare" aria-label="Content items">
          {items.map((item) => (
            <ItemCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      <Pager label="Pages" page={page} hasMore={hasMore} pageLink={pageLink} previous="← Previous" next="Next →" />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

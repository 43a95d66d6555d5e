import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback } from "~/components/field";
import { PackDetailsForm } from "~/components/packs/pack-details-form";
import { PackItems } from "~/components/packs/pack-items";
import { PackPicker } from "~/components/packs/pack-picker";
import { PackWorkflow, PublishConfirm } from "~/components/packs/pack-workflow";
import { StudioTabs } from "~/components/studio-tabs";
import { listTeams } from "~/domain/admin.server";
import { requireUser, STAFF } from "~/domain/guards.server";
import {
  addItemToPack,
  archivePack,
  getPack,
  moveItemInPack,
  packInputIn,
  publishBlocker,
  publishPack,
  removeItemFromPack,
  reorderPack,
  savePack,
  submitPackItems,
} from "~/domain/packs.server";
import { WorkflowError } from "~/domain/studio.server";
import { formatInZone, toZonedInput } from "~/domain/zoned-time.server";
import { formError, formOk, parseForm } from "~/forms";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Pack · Studio · Chorus" }];

const idSchema = z.union([z.literal("new"), z.string().uuid()]);
const itemId = z.string({ required_error: "Choose an item" }).uuid("Choose an item");
const packAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), itemId }),
  z.object({ intent: z.literal("remove"), itemId }),
  z.object({ intent: z.literal("move"), itemId, direction: z.enum(["up", "down"]) }),
  z.object({
    intent: z.literal("reorder"),
    order: z.preprocess((v) => [v ?? []].flat(), z.array(z.string().uuid()).max(500)),
  }),
  // Publishing is the second step of the page's confirmation ("Publish pack", then "Publish now").
  z.object({
    intent: z.literal("publish"),
    confirmed: z.literal("yes", { errorMap: () => ({ message: "Confirm publishing with “Publish now” first." }) }),
  }),
  z.object({ intent: z.enum(["submit-items", "archive"]) }),
]);

/** Who sees the pack once published, and when, as one sentence for the confirmation step. */
function publishSummary(
  pack: { items: unknown[]; teamIds: string[]; startsAt: Date | null; endsAt: Date | null },
  teams: Array<{ id: string; name: string }>,
  timeZone: string,
  now = new Date(),
) {
  const names = teams.filter((t) => pack.teamIds.includes(t.id)).map((t) => t.name);
  const who = names.length ? `Reps in ${names.join(", ")}` : "Every rep";
  const from =
    pack.startsAt && pack.startsAt > now
      ? `from ${formatInZone(pack.startsAt, timeZone)} (${timeZone})`
      : "as soon as you publish";
  const until = pack.endsAt ? `until ${formatInZone(pack.endsAt, timeZone)} (${timeZone})` : "until it is archived";
  const n = pack.items.length;
  return `${who} will see its ${n} item${n === 1 ? "" : "s"} in their library ${from}, ${until}.`;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const teams = await listTeams(context.db);
  const timeZone = user.timeZone;
  if (id.data === "new") return { userId: user.id, timeZone, teams, pack: null };
  const pack = await getPack(context.db, id.data);
  if (!pack) throw notFound();
  return {
    userId: user.id,
    timeZone,
    teams,
    pack: {
      ...pack,
      startsAt: toZonedInput(pack.startsAt, timeZone),
      endsAt: toZonedInput(pack.endsAt, timeZone),
      publishedAt: pack.publishedAt ? `${formatInZone(pack.publishedAt, timeZone)} (${timeZone})` : null,
      publishBlocker: pack.status === "draft" ? publishBlocker(pack.items) : null,
      publishSummary: publishSummary(pack, teams, timeZone),
      createdAt: pack.createdAt.toISOString(),
      updatedAt: pack.updatedAt.toISOString(),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return formError("Unknown pack.", 404);
  const formData = await request.formData();
  try {
    if (formData.get("intent") === "save") {
      const parsed = parseForm(packInputIn(user.timeZone), formData);
      if (!parsed.ok) return formError(parsed.errors);
      const saved = await savePack(context.db, {
        actorId: user.id,
        input: parsed.data,
        packId: id.data === "new" ? undefined : id.data,
      });
      if (id.data === "new") return redirect(`/studio/packs/${saved}`);
      return formOk("Pack saved.");
    }
    if (id.data === "new") return formError("Save the pack first.");
    const parsed = parseForm(packAction, formData);
    if (!parsed.ok)
      return formError({
        form: parsed.errors.itemId ?? parsed.errors.confirmed ?? "Choose an action.",
        ...parsed.errors,
      });
    const packId = id.data;
    const a = parsed.data;
    let status: string;
    switch (a.intent) {
      case "add":
        status = `Added “${await addItemToPack(context.db, { actorId: user.id, packId, itemId: a.itemId })}” to the pack.`;
        break;
      case "remove":
        await removeItemFromPack(context.db, { actorId: user.id, packId, itemId: a.itemId });
        status = "Item removed from the pack.";
        break;
      case "move":
        await moveItemInPack(context.db, { actorId: user.id, packId, itemId: a.itemId, direction: a.direction });
        status = `Item moved ${a.direction}.`;
        break;
      case "reorder":
        await reorderPack(context.db, { actorId: user.id, packId, itemIds: a.order });
        status = "New order saved.";
        break;
      case "submit-items": {
        const n = await submitPackItems(context.db, user.id, packId);
        status = n ? `${n} item${n === 1 ? "" : "s"} sent to review.` : "No draft items to send to review.";
        break;
      }
      case "publish":
        await publishPack(context.db, { actorId: user.id, packId });
        status = "Pack published: its items are in the library of the teams it targets.";
        break;
      case "archive":
        await archivePack(context.db, { actorId: user.id, packId });
        status = "Pack archived.";
        break;
    }
    return formOk(status);
  } catch (e) {
    if (e instanceof WorkflowError) return formError(e.message, 409);
    throw e;
  }
}

/** What the pack page's loader gives its pieces (app/components/packs). */
export type PackPageData = ReturnType<typeof useLoaderData<typeof loader>>;
export type LoadedPack = NonNullable<PackPageData["pack"]>;

export default function StudioPack() {
  const { pack, teams, timeZone, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  // A new item written for the pack: named once, until the next action's reply replaces it.
  const added = !result && pack ? pack.items.find((i) => i.itemId === params.get("added")) : undefined;
  const confirming = params.get("confirm") === "publish" && pack?.status === "draft" && !pack.publishBlocker;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{pack ? pack.title : "New pack"}</h1>
          <p className="muted">
            <Link to="/studio/packs">← Packs</Link> {pack ? <span className="badge">{pack.status}</span> : null}
          </p>
        </div>
        {pack && pack.status !== "archived" ? (
          <Link className="button" to={`/studio/items/new?pack=${pack.id}`}>
            New item in this pack
          </Link>
        ) : null}
      </div>
      <StudioTabs />
      <ActionFeedback
        status={result?.status ?? (added ? `Created “${added.title}” and added it to the pack.` : null)}
        error={errors.form}
      />
      {pack && confirming ? <PublishConfirm pack={pack} busy={busy} /> : null}
      {pack ? (
        <section className="card stack" aria-labelledby="pack-items-heading">
          <div className="row row-between">
            <h2 className="flush" id="pack-items-heading">
              Items ({pack.items.length})
            </h2>
            {pack.status === "draft" ? (
              <PackWorkflow pack={pack} busy={busy || confirming} />
            ) : pack.status === "published" ? (
              <span className="muted">Published {pack.publishedAt ?? ""}</span>
            ) : null}
          </div>
          <PackItems pack={pack} userId={userId} />
          {pack.status !== "archived" ? <PackPicker packId={pack.id} busy={busy} /> : null}
        </section>
      ) : null}
      <PackDetailsForm
        key={pack?.updatedAt ?? "new"}
        pack={pack}
        teams={teams}
        timeZone={timeZone}
        errors={errors}
        busy={busy}
      />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

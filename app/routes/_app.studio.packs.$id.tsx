import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, SelectField } from "~/components/field";
import { PackDetailsForm } from "~/components/packs/pack-details-form";
import { PackItems } from "~/components/packs/pack-items";
import { PackWorkflow } from "~/components/packs/pack-workflow";
import { StudioTabs } from "~/components/studio-tabs";
import { listTeams } from "~/domain/admin.server";
import { requireUser, STAFF } from "~/domain/guards.server";
import {
  addItemToPack,
  approvePackItems,
  archivePack,
  getPack,
  itemsAvailableForPack,
  moveItemInPack,
  packInput,
  publishPack,
  removeItemFromPack,
  reorderPack,
  savePack,
  submitPackItems,
} from "~/domain/packs.server";
import { WorkflowError } from "~/domain/studio.server";
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
  z.object({ intent: z.enum(["submit-items", "approve-items", "publish", "archive"]) }),
]);
const toLocalInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const teams = await listTeams(context.db);
  if (id.data === "new") return { userId: user.id, teams, pack: null, available: [] };
  const [pack, available] = await Promise.all([
    getPack(context.db, id.data),
    itemsAvailableForPack(context.db, id.data),
  ]);
  if (!pack) throw notFound();
  return {
    userId: user.id,
    teams,
    available,
    pack: {
      ...pack,
      startsAt: toLocalInput(pack.startsAt),
      endsAt: toLocalInput(pack.endsAt),
      publishedAt: pack.publishedAt?.toISOString() ?? null,
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
      const parsed = parseForm(packInput, formData);
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
    if (!parsed.ok) return formError({ form: parsed.errors.itemId ?? "Choose an action.", ...parsed.errors });
    const packId = id.data;
    const a = parsed.data;
    let status: string;
    switch (a.intent) {
      case "add":
        await addItemToPack(context.db, { actorId: user.id, packId, itemId: a.itemId });
        status = "Item added to the pack.";
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
      case "approve-items": {
        const { approved, ownSkipped } = await approvePackItems(context.db, user.id, packId);
        status = `${approved} item${approved === 1 ? "" : "s"} approved.${ownSkipped ? ` ${ownSkipped} of your own wait for another marketer.` : ""}`;
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
  const { pack, teams, available, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  const added = params.get("added");
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
        status={result?.status ?? (added ? "Item created and added to the pack." : null)}
        error={errors.form}
      />
      {pack ? (
        <section className="card stack" aria-labelledby="pack-items-heading">
          <div className="row row-between">
            <h2 className="flush" id="pack-items-heading">
              Items ({pack.items.length})
            </h2>
            {pack.status === "draft" ? (
              <PackWorkflow pack={pack} userId={userId} busy={busy} />
            ) : pack.status === "published" ? (
              <span className="muted">
                Published{" "}
                {pack.publishedAt
                  ? new Date(pack.publishedAt).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC"
                  : ""}
              </span>
            ) : null}
          </div>
          <PackItems pack={pack} userId={userId} />
          {pack.status !== "archived" ? (
            <Form method="post" className="row" aria-label="Add an item">
              <div className="grow-280">
                <SelectField label="Add an existing item" name="itemId" defaultValue="" error={errors.itemId}>
                  <option value="" disabled>
                    Choose an item…
                  </option>
                  {available.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.title} ({item.status.replace("_", " ")})
                    </option>
                  ))}
                </SelectField>
              </div>
              <button name="intent" value="add" className="button-secondary" disabled={busy}>
                Add to pack
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <PackDetailsForm key={pack?.updatedAt ?? "new"} pack={pack} teams={teams} errors={errors} busy={busy} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { contentItems, suggestions, users } from "../../db/schema";
import { audit } from "./audit.server";
import { notify } from "./notifications.server";
import { fetchOpenGraph, type OpenGraph, type OpenGraphResult } from "./open-graph.server";
import { itemInput, saveItem, WorkflowError } from "./studio.server";
import type { Db } from "../../db/client.server";

const httpUrl = z
  .string()
  .trim()
  .url("Enter a full URL starting with https://")
  .max(2000, "Keep the URL under 2,000 characters")
  .refine((u) => /^https?:\/\//i.test(u), "Use an http(s) URL");

export const suggestionInput = z.object({
  url: httpUrl,
  note: z.string().trim().max(500, "Keep the note under 500 characters").default(""),
});

export const declineInput = z.object({
  suggestionId: z.string().uuid(),
  reason: z
    .string()
    .trim()
    .min(1, "Say why, so the colleague learns what fits")
    .max(500, "Keep the reason under 500 characters"),
});

/** A rep proposes a page for the library; the same URL pending from the same person is not filed twice. */
export async function createSuggestion(
  db: Db,
  userId: string,
  input: z.infer<typeof suggestionInput>,
): Promise<{ ok: boolean; message: string }> {
  const [pending] = await db
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(and(eq(suggestions.userId, userId), eq(suggestions.url, input.url), eq(suggestions.status, "pending")));
  if (pending) return { ok: false, message: "You already suggested this page; marketing will answer soon." };
  const [row] = await db
    .insert(suggestions)
    .values({ userId, url: input.url, note: input.note })
    .returning({ id: suggestions.id });
  if (!row) throw new Error("Inserting the suggestion returned no row");
  await audit(db, { actorId: userId, action: "suggestion.create", targetType: "suggestion", targetId: row.id });
  return { ok: true, message: "Thanks! Marketing will review your suggestion." };
}

export function listMySuggestions(db: Db, userId: string) {
  return db
    .select({
      id: suggestions.id,
      url: suggestions.url,
      note: suggestions.note,
      status: suggestions.status,
      reason: suggestions.reason,
      itemId: suggestions.itemId,
      itemStatus: contentItems.status,
      createdAt: suggestions.createdAt,
      decidedAt: suggestions.decidedAt,
    })
    .from(suggestions)
    .leftJoin(contentItems, eq(contentItems.id, suggestions.itemId))
    .where(eq(suggestions.userId, userId))
    .orderBy(desc(suggestions.createdAt))
    .limit(100);
}

export function listSuggestionInbox(db: Db, status: "pending" | "decided") {
  return db
    .select({
      id: suggestions.id,
      url: suggestions.url,
      note: suggestions.note,
      status: suggestions.status,
      reason: suggestions.reason,
      itemId: suggestions.itemId,
      createdAt: suggestions.createdAt,
      by: users.name,
    })
    .from(suggestions)
    .innerJoin(users, eq(users.id, suggestions.userId))
    .where(status === "pending" ? eq(suggestions.status, "pending") : sql`${suggestions.status} <> 'pending'`)
    .orderBy(status === "pending" ? suggestions.createdAt : desc(suggestions.decidedAt))
    .limit(200);
}

async function pendingSuggestion(db: Db, suggestionId: string) {
  const [row] = await db.select().from(suggestions).where(eq(suggestions.id, suggestionId));
  if (!row) throw new WorkflowError("Suggestion not found.");
  if (row.status !== "pending") throw new WorkflowError(`This suggestion was already ${row.status}.`);
  return row;
}

/**
 * Turns a suggestion into a draft item (title, summary and image proposed from the page where it can
 * be read), marks it accepted and tells the colleague. Returns the new item's id for the editor.
 */
export async function acceptSuggestion(
  db: Db,
  {
    actorId,
    suggestionId,
    readPage = fetchOpenGraph,
  }: { actorId: string; suggestionId: string; readPage?: (url: string) => Promise<OpenGraphResult> },
): Promise<string> {
  const suggestion = await pendingSuggestion(db, suggestionId);
  const page = await readPage(suggestion.url);
  const found: OpenGraph = page.ok ? page : {};
  const draft = itemInput.parse({
    type: "article",
    title: found.title ?? new URL(suggestion.url).hostname,
    summary: found.summary ?? suggestion.note,
    url: suggestion.url,
    imageUrl: found.imageUrl ?? "",
    tags: "",
  });
  return db.transaction(async (tx) => {
    const itemId = await saveItem(tx, { actorId, input: draft });
    const [decided] = await tx
      .update(suggestions)
      .set({ status: "accepted", itemId, decidedBy: actorId, decidedAt: new Date() })
      .where(and(eq(suggestions.id, suggestionId), eq(suggestions.status, "pending")))
      .returning({ id: suggestions.id });
    if (!decided) throw new WorkflowError("Another marketer answered this suggestion first.");
    await audit(tx, {
      actorId,
      action: "suggestion.accept",
      targetType: "suggestion",
      targetId: suggestionId,
      detail: { itemId },
    });
    await notify(tx, {
      userId: suggestion.userId,
      kind: "suggestion",
      title: "Your suggestion was accepted",
      body: `Marketing is turning ${suggestion.url} into a post for the library.`,
      link: "/suggest",
      dedupeKey: `suggestion:${suggestionId}`,
    });
    return itemId;
  });
}

export async function declineSuggestion(db: Db, actorId: string, input: z.infer<typeof declineInput>): Promise<void> {
  const suggestion = await pendingSuggestion(db, input.suggestionId);
  await db.transaction(async (tx) => {
    const [decided] = await tx
      .update(suggestions)
      .set({ status: "declined", reason: input.reason, decidedBy: actorId, decidedAt: new Date() })
      .where(and(eq(suggestions.id, input.suggestionId), eq(suggestions.status, "pending")))
      .returning({ id: suggestions.id });
    if (!decided) throw new WorkflowError("Another marketer answered this suggestion first.");
    await audit(tx, {
      actorId,
      action: "suggestion.decline",
      targetType: "suggestion",
      targetId: input.suggestionId,
      detail: { reason: input.reason },
    });
    await notify(tx, {
      userId: suggestion.userId,
      kind: "suggestion",
      title: "Your suggestion was declined",
      body: `${suggestion.url}: ${input.reason}`,
      link: "/suggest",
      dedupeKey: `suggestion:${input.suggestionId}`,
    });
  });
}

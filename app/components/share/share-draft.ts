import { z } from "zod";
import { NETWORKS, type Network } from "~/domain/networks";

/**
 * The composer's unsent work (per-network texts and the chosen time), kept in the tab's sessionStorage while the
 * rep connects a network: the OAuth round trip leaves the page and comes back to the same composer URL.
 */
export type ShareDraft = { edits: Partial<Record<Network, string>>; when: { date: string; time: string } };

const draftSchema = z.object({
  edits: z.record(z.enum(NETWORKS), z.string().max(5000)),
  when: z.object({ date: z.string().max(10), time: z.string().max(5) }),
});

const keyFor = (itemId: string) => `chorus:share-draft:${itemId}`;

export function saveDraft(itemId: string, draft: ShareDraft): void {
  try {
    sessionStorage.setItem(keyFor(itemId), JSON.stringify(draft));
  } catch {
    // Storage off or full: connecting still works, the text is the suggestion again.
  }
}

/** The draft saved for this item, once: it is removed as it is read. */
export function takeDraft(itemId: string): ShareDraft | null {
  try {
    const raw = sessionStorage.getItem(keyFor(itemId));
    sessionStorage.removeItem(keyFor(itemId));
    if (!raw) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

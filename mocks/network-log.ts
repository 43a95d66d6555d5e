import type { Network } from "../app/domain/networks";

/** Every post the mocked networks accepted, so tests can count what was really "posted". */
export interface MockPost {
  network: Network;
  id: string;
  text: string;
  token: string;
  at: number;
  /** The link posted beside the text (Facebook's link field, LinkedIn's article source). */
  link?: string;
  /** The Page a Facebook post went to. */
  pageId?: string;
}

export const mockPosts: MockPost[] = [];
let sequence = 7_100_000_000_000_000_000n;
export const nextMockId = () => String(++sequence);

import { publishToFacebookPage } from "./facebook.server";
import { publishToLinkedIn } from "./linkedin.server";
import type { PostInput, PublishResult } from "./types";
import { publishToX } from "./x.server";

export type Network = "linkedin" | "x" | "facebook";

export const PUBLISHERS: Record<Network, (post: PostInput) => Promise<PublishResult>> = {
  linkedin: publishToLinkedIn,
  x: publishToX,
  facebook: publishToFacebookPage,
};

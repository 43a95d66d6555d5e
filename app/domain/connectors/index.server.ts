import { findFacebookPost, publishToFacebookPage } from "./facebook.server";
import { publishToLinkedIn } from "./linkedin.server";
import { findXPost, publishToX } from "./x.server";
import type { Network } from "../networks";
import type { FindInput, FindResult, PostInput, PublishResult } from "./types";

export const PUBLISHERS: Record<Network, (post: PostInput) => Promise<PublishResult>> = {
  linkedin: publishToLinkedIn,
  x: publishToX,
  facebook: publishToFacebookPage,
};

/**
 * Where the network lets us look for a post whose outcome is unknown. LinkedIn lists a member's posts
 * only to partner apps (r_member_social), so there a person decides.
 */
export const FINDERS: Partial<Record<Network, (input: FindInput) => Promise<FindResult>>> = {
  x: findXPost,
  facebook: findFacebookPost,
};

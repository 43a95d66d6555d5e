/** The networks Chorus shares to, for server and browser alike. */
export const NETWORKS = ["linkedin", "x", "facebook"] as const;
export type Network = (typeof NETWORKS)[number];
export const NETWORK_NAMES: Record<Network, string> = { linkedin: "LinkedIn", x: "X", facebook: "Facebook" };

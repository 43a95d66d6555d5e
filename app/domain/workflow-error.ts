/**
 * A refused content workflow step (wrong status, own approval, someone else's pending revision). Routes show
 * its message to the marketer; it lives apart so studio.server.ts and revisions.server.ts share it without a cycle.
 */
export class WorkflowError extends Error {}

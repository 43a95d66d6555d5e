import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { CONTENT_STATUSES } from "../app/domain/content-statuses";
import { CONTENT_TYPES } from "../app/domain/content-types";
import { NETWORKS } from "../app/domain/networks";
import { ROLES } from "../app/domain/roles";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();

// Lists the browser reads too (pickers, labels) live in app/domain without drizzle; the enums take them from there.
export const roleEnum = pgEnum("role", ROLES);
export const networkEnum = pgEnum("network", NETWORKS);
export const accountStatusEnum = pgEnum("account_status", ["active", "needs_reauth", "revoked"]);
export const contentTypeEnum = pgEnum("content_type", CONTENT_TYPES);
export const contentStatusEnum = pgEnum("content_status", CONTENT_STATUSES);
export const shareMethodEnum = pgEnum("share_method", ["api", "intent", "copy"]);
// opened: shared through the network's own page or by copying (unverified); migration 0013, decision 014.
export const shareStatusEnum = pgEnum("share_status", [
  "scheduled",
  "publishing",
  "published",
  "failed",
  "cancelled",
  "needs_review",
  "opened",
]);
// opened_share: sov_daily rows counting the own brand's unverified shares (never stored in mentions).
export const mentionSourceEnum = pgEnum("mention_source", ["share", "import", "api", "opened_share"]);
export const suggestionStatusEnum = pgEnum("suggestion_status", ["pending", "accepted", "declined"]);
export const challengeMetricEnum = pgEnum("challenge_metric", ["shares", "clicks", "points"]);

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull().default("rep"),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** False while the zone is a guess (Sign in with LinkedIn asks for none); the browser's is taken then (019). */
    timeZoneSet: boolean("time_zone_set").notNull().default(true),
    /** The first-steps checklist on the library was dismissed (decision 019). */
    firstStepsDismissedAt: ts("first_steps_dismissed_at"),
    /** The app was installed or opened as an installed app (decision 019). */
    appInstalledAt: ts("app_installed_at"),
    passwordHash: text("password_hash"),
    avatarUrl: text("avatar_url"),
    jobTitle: text("job_title"),
    policyAcceptedAt: ts("policy_accepted_at"),
    deactivatedAt: ts("deactivated_at"),
    lastActiveAt: ts("last_active_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`), index("users_team_idx").on(t.teamId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const oauthIdentities = pgTable(
  "oauth_identities",
  {
    provider: text("provider").notNull(),
    providerUserId: text("provider_user_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerUserId] }), index("oauth_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    role: roleEnum("role").notNull().default("rep"),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_email_idx").on(sql`lower(${t.email})`)],
);

export const allowedDomains = pgTable("allowed_domains", {
  domain: text("domain").primaryKey(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

/** One row per sign-in attempt; throttling counts recent failures per key (email or IP). */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_attempts_key_time_idx").on(t.key, t.createdAt)],
);

/** Sign-in tries per key (e-mail or IP) in a fixed window, counted in one atomic upsert (decision 009). */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  windowStart: ts("window_start").notNull(),
  attempts: integer("attempts").notNull(),
});

/** A LinkedIn identity waiting for its account's password before it is attached (decision 009). */
export const identityLinkRequests = pgTable("identity_link_requests", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  provider: text("provider").notNull(),
  providerUserId: text("provider_user_id").notNull(),
  email: text("email").notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});

export const socialAccounts = pgTable(
  "social_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    network: networkEnum("network").notNull(),
    externalId: text("external_id").notNull(),
    displayName: text("display_name"),
    /** Facebook: the page posted to; LinkedIn/X: unused. */
    pageId: text("page_id"),
    accessTokenEnc: text("access_token_enc").notNull(),
    refreshTokenEnc: text("refresh_token_enc"),
    expiresAt: ts("expires_at"),
    scopes: text("scopes"),
    status: accountStatusEnum("status").notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("social_accounts_user_network_idx").on(t.userId, t.network)],
);

export const contentItems = pgTable(
  "content_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: contentTypeEnum("type").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    url: text("url").notNull(),
    imageUrl: text("image_url"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text("language").notNull().default("en"),
    status: contentStatusEnum("status").notNull().default("draft"),
    locked: boolean("locked").notNull().default(false),
    disclosure: text("disclosure"),
    publishAt: ts("publish_at"),
    expiresAt: ts("expires_at"),
    /** Tags and suggested messages, kept in step by the content module so search covers them. */
    searchText: text("search_text").notNull().default(""),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'C')`,
    ),
    /** The same text's words, lower-cased, as lexemes for library search's prefix match (decision 026). */
    searchWords: tsvector("search_words").generatedAlwaysAs(
      sql`content_search_words(title || ' ' || coalesce(summary, '') || ' ' || search_text)`,
    ),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    approvedBy: uuid("approved_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("content_items_search_idx").using("gin", t.search),
    index("content_items_search_words_idx").using("gin", t.searchWords),
    index("content_items_status_idx").on(t.status, t.publishAt),
    index("content_items_tags_idx").using("gin", t.tags),
  ],
);

export const contentMessages = pgTable(
  "content_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    network: networkEnum("network").notNull(),
    body: text("body").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("content_messages_item_idx").on(t.itemId, t.network, t.position)],
);

export const revisionStatusEnum = pgEnum("revision_status", ["pending", "approved", "rejected", "withdrawn"]);

/**
 * A change to what reps post (URL, title, summary, image, texts, locked, disclosure) on an approved or
 * published item: it waits here for a second marketer while content_items keeps the approved version.
 * At most one pending revision per item (decision 011).
 */
export const contentRevisions = pgTable(
  "content_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    /** The reviewed fields as proposed, all of them (see RevisionFields in app/domain/revisions.server.ts). */
    proposed: jsonb("proposed").notNull(),
    status: revisionStatusEnum("status").notNull().default("pending"),
    /** Bumped on every save, so an approval applies exactly the version the reviewer saw. */
    version: integer("version").notNull().default(1),
    reason: text("reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: ts("decided_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("content_revisions_one_pending_idx")
      .on(t.itemId)
      .where(sql`status = 'pending'`),
    index("content_revisions_item_idx").on(t.itemId, t.createdAt),
  ],
);

/** Which version of an item or revision a reviewer was shown; approvals need one (decision 020). */
export const contentReviewViews = pgTable(
  "content_review_views",
  {
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    /** "item:<sha256 of the reviewed fields>" or "revision:<id>:<version>". */
    shownKey: text("shown_key").notNull(),
    shownAt: ts("shown_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "content_review_views_pk", columns: [t.reviewerId, t.itemId, t.shownKey] }),
    index("content_review_views_item_idx").on(t.itemId),
  ],
);

export const packs = pgTable("packs", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  coverUrl: text("cover_url"),
  startsAt: ts("starts_at"),
  endsAt: ts("ends_at"),
  status: contentStatusEnum("status").notNull().default("draft"),
  publishedAt: ts("published_at"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const packItems = pgTable(
  "pack_items",
  {
    packId: uuid("pack_id")
      .notNull()
      .references(() => packs.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.packId, t.itemId] }), index("pack_items_item_idx").on(t.itemId)],
);

export const packTargets = pgTable(
  "pack_targets",
  {
    packId: uuid("pack_id")
      .notNull()
      .references(() => packs.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.packId, t.teamId] })],
);

export const shares = pgTable(
  "shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => contentItems.id, { onDelete: "cascade" }),
    packId: uuid("pack_id").references(() => packs.id, { onDelete: "set null" }),
    socialAccountId: uuid("social_account_id").references(() => socialAccounts.id, { onDelete: "set null" }),
    network: networkEnum("network").notNull(),
    method: shareMethodEnum("method").notNull(),
    text: text("text").notNull(),
    /** True when the rep changed the suggested message (advocate score: personalised engagement). */
    edited: boolean("edited").notNull().default(false),
    status: shareStatusEnum("status").notNull(),
    scheduledAt: ts("scheduled_at"),
    publishedAt: ts("published_at"),
    externalPostId: text("external_post_id"),
    externalUrl: text("external_url"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: ts("next_attempt_at"),
    claimedBy: text("claimed_by"),
    leaseExpiresAt: ts("lease_expires_at"),
    /** Set, in its own committed statement, right before a request leaves for the network (decision 013). */
    sendingAt: ts("sending_at"),
    /** How many times dispatch asked the network whether an unknown outcome was posted. */
    reviewChecks: integer("review_checks").notNull().default(0),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    linkCode: text("link_code").notNull().unique(),
    /**
     * Where /l/<code> leads: the approved item URL with UTM tags, fixed when the share is made (migration 0011;
     * a trigger fills it for rows inserted without it). Null only when the item had no http(s) URL.
     */
    destinationUrl: text("destination_url"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("shares_due_idx").on(t.status, t.nextAttemptAt),
    index("shares_user_idx").on(t.userId, t.createdAt),
    // "Have I shared this item?" (library home, item page) as an index probe, even for prolific sharers.
    index("shares_user_item_idx").on(t.userId, t.itemId),
    index("shares_item_idx").on(t.itemId),
    index("shares_published_idx").on(t.publishedAt),
    // Who shared an item first (the Trailblazer badge), asked for a few users at a time; verified or not.
    index("shares_item_first_idx")
      .on(t.itemId, t.publishedAt, t.id)
      .where(sql`published_at is not null`),
    // Share-page and copy shares from before 'opened' existed; the maintain job moves them (stays empty).
    index("shares_legacy_unverified_idx")
      .on(t.id)
      .where(sql`status = 'published' and method <> 'api'`),
  ],
);

/** The status timeline of a share: created, claimed, attempt N, published, failed… */
export const shareEvents = pgTable(
  "share_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shareId: uuid("share_id")
      .notNull()
      .references(() => shares.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    detail: text("detail"),
    createdAt: createdAt(),
  },
  (t) => [index("share_events_share_idx").on(t.shareId, t.createdAt)],
);

export const linkClicks = pgTable(
  "link_clicks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // No foreign key (migration 0022, decision 031): its check locked the share's row for every click. The
    // redirect's flush writes only clicks of existing shares; a deleted share's clicks go with it (a trigger).
    shareId: uuid("share_id").notNull(),
    clickedAt: ts("clicked_at").notNull().defaultNow(),
    visitorHash: text("visitor_hash").notNull(),
    isBot: boolean("is_bot").notNull().default(false),
  },
  (t) => [
    index("link_clicks_share_time_idx").on(t.shareId, t.clickedAt),
    index("link_clicks_id_time_idx").on(t.clickedAt),
  ],
);

/**
 * Unique human visitors per share and UTC day, and per share (with the click that brought each first),
 * and their counts: filled by a statement trigger on link_clicks as the clicks are written (migration
 * 0019, decision 022), so the award job reads counts instead of distinct visitors over millions of
 * clicks. Bot clicks are in none. No foreign keys; the visitor hash is COLLATE "C" (a machine key).
 */
export const linkVisitors = pgTable(
  "link_visitors",
  {
    day: date("day", { mode: "string" }).notNull(),
    shareId: uuid("share_id").notNull(),
    visitorHash: text("visitor_hash").notNull(),
  },
  (t) => [primaryKey({ name: "link_visitors_pkey", columns: [t.shareId, t.day, t.visitorHash] })],
);

export const shareVisitors = pgTable(
  "share_visitors",
  {
    shareId: uuid("share_id").notNull(),
    visitorHash: text("visitor_hash").notNull(),
    firstClickId: bigint("first_click_id", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "share_visitors_pkey", columns: [t.shareId, t.visitorHash] })],
);

/** link_visitors counted per share and UTC day, with the share's user (the same trigger keeps it). */
export const shareDayVisitors = pgTable(
  "share_day_visitors",
  {
    day: date("day", { mode: "string" }).notNull(),
    shareId: uuid("share_id").notNull(),
    userId: uuid("user_id").notNull(),
    visitors: integer("visitors").notNull(),
  },
  (t) => [
    primaryKey({ name: "share_day_visitors_pkey", columns: [t.shareId, t.day] }),
    index("share_day_visitors_day_idx").on(t.day),
  ],
);

/** share_visitors counted per share, with the share's user (the same trigger keeps it). */
export const shareVisitorCounts = pgTable(
  "share_visitor_counts",
  {
    shareId: uuid("share_id").notNull(),
    userId: uuid("user_id").notNull(),
    visitors: integer("visitors").notNull(),
  },
  (t) => [primaryKey({ name: "share_visitor_counts_pkey", columns: [t.shareId] })],
);

/**
 * Append-only ledger; every row is keyed so every award happens at most once (decision 022): a share's
 * points by share_id, a share-day's click points by (share_id, day), a badge's or challenge's bonus by
 * (source_id, user_id), each on a partial unique index of its kind; an unverified share (once per rep,
 * item and network) and any other kind by the text (kind, source). It and its daily rollup are derived
 * by the award job from shares and clicks (which reference users), so they carry no foreign key of their
 * own: a key would be checked row by row across millions of rows on a recompute, and dropping it for the
 * load would lock the users table against every page (migration 0010).
 */
export const pointEvents = pgTable(
  "point_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    points: integer("points").notNull(),
    shareId: uuid("share_id"),
    sourceId: uuid("source_id"),
    day: date("day", { mode: "string" }),
    // COLLATE "C" (migration 0008): byte order for machine keys, faster to index than the locale's rules.
    source: text("source"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("point_events_share_idx")
      .on(t.shareId)
      .where(sql`kind = 'share'`),
    uniqueIndex("point_events_clicks_idx")
      .on(t.shareId, t.day)
      .where(sql`kind = 'clicks'`),
    uniqueIndex("point_events_badge_idx")
      .on(t.sourceId, t.userId)
      .where(sql`kind = 'badge'`),
    uniqueIndex("point_events_challenge_idx")
      .on(t.sourceId, t.userId)
      .where(sql`kind = 'challenge'`),
    uniqueIndex("point_events_kind_source_idx")
      .on(t.kind, t.source)
      .where(sql`source is not null`),
    index("point_events_user_time_idx").on(t.userId, t.createdAt),
    check(
      "point_events_keyed",
      sql`source is not null
          or (kind = 'share' and share_id is not null)
          or (kind = 'clicks' and share_id is not null and day is not null)
          or (kind in ('badge', 'challenge') and source_id is not null)`,
    ),
  ],
);

export const badges = pgTable("badges", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  ruleKind: text("rule_kind").notNull(),
  threshold: integer("threshold").notNull().default(1),
  windowDays: integer("window_days"),
  bonusPoints: integer("bonus_points").notNull().default(0),
  retiredAt: ts("retired_at"),
  createdAt: createdAt(),
});

export const userBadges = pgTable(
  "user_badges",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    badgeId: uuid("badge_id")
      .notNull()
      .references(() => badges.id, { onDelete: "cascade" }),
    earnedAt: ts("earned_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.badgeId] }), index("user_badges_time_idx").on(t.earnedAt)],
);

export const challenges = pgTable("challenges", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  metric: challengeMetricEnum("metric").notNull(),
  goal: integer("goal").notNull(),
  teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
  startsAt: ts("starts_at").notNull(),
  endsAt: ts("ends_at").notNull(),
  bonusPoints: integer("bonus_points").notNull().default(0),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const brands = pgTable("brands", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  isOwn: boolean("is_own").notNull().default(false),
  keywords: text("keywords")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  color: text("color").notNull().default("#64748b"),
  createdAt: createdAt(),
});

export const mentions = pgTable(
  "mentions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    network: text("network").notNull(),
    source: mentionSourceEnum("source").notNull(),
    externalId: text("external_id").notNull(),
    author: text("author"),
    url: text("url"),
    text: text("text"),
    mentionedAt: ts("mentioned_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("mentions_source_external_idx").on(t.source, t.externalId),
    index("mentions_id_idx").on(t.createdAt),
    index("mentions_time_idx").on(t.mentionedAt),
  ],
);

export const sovDaily = pgTable(
  "sov_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    network: text("network").notNull(),
    source: mentionSourceEnum("source").notNull(),
    count: integer("count").notNull().default(0),
  },
  // The networks index serves share of voice's list of networks (a skip scan, decision 026).
  (t) => [
    primaryKey({ columns: [t.day, t.brandId, t.network, t.source] }),
    index("sov_daily_network_idx").on(t.network),
  ],
);

export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: text("name").notNull(),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
    status: text("status").notNull().default("running"),
    stats: jsonb("stats").$type<Record<string, unknown>>(),
    error: text("error"),
  },
  (t) => [index("job_runs_name_time_idx").on(t.name, t.startedAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_time_idx").on(t.createdAt)],
);

export const pages = pgTable("pages", {
  slug: text("slug").primaryKey(),
  title: text("title").notNull(),
  bodyMd: text("body_md").notNull().default(""),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    /** Makes a job's notification idempotent: the same (user, dedupe_key) is sent once. */
    dedupeKey: text("dedupe_key"),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("notifications_dedupe_idx").on(t.userId, t.dedupeKey),
  ],
);

export const suggestions = pgTable("suggestions", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  note: text("note").notNull().default(""),
  status: suggestionStatusEnum("status").notNull().default("pending"),
  reason: text("reason"),
  itemId: uuid("item_id").references(() => contentItems.id, { onDelete: "set null" }),
  decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
  decidedAt: ts("decided_at"),
  createdAt: createdAt(),
});

/** Admin-editable configuration (points, EMV rates), one JSON value per key. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
  createdAt: createdAt(),
});

/** Requests per API token per fixed one-minute window (rate limit shared by every process). */
export const apiTokenHits = pgTable(
  "api_token_hits",
  {
    tokenId: uuid("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.windowStart] })],
);

/** Outgoing e-mail (digests); sent over SMTP when configured, kept for inspection otherwise. */
export const emailOutbox = pgTable("email_outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  toEmail: text("to_email").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  dedupeKey: text("dedupe_key").notNull().unique(),
  sentAt: ts("sent_at"),
  createdAt: createdAt(),
});

/**
 * Slack announcements (new badges, new packs). The award job enqueues each once by its dedupe key;
 * the sender marks it sent, so a crash or rerun never posts the same announcement twice.
 */
export const slackOutbox = pgTable(
  "slack_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    text: text("text").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: ts("next_attempt_at"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [index("slack_outbox_pending_idx").on(t.sentAt, t.nextAttemptAt)],
);

/** Watermarks of incremental jobs (tally, award). */
export const jobState = pgTable("job_state", {
  name: text("name").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Points per user per UTC day, kept by the award job from the ledger so leaderboards never scan it. */
export const userPointsDaily = pgTable(
  "user_points_daily",
  {
    userId: uuid("user_id").notNull(), // no foreign key: see point_events
    day: date("day", { mode: "string" }).notNull(),
    points: integer("points").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index("user_points_daily_day_idx").on(t.day)],
);

/**
 * Unique visitors per person, kept by the award job for the click badges: the sum over their shares
 * and their best single share. Visitor counts only grow, so a run adds what the new clicks changed.
 */
export const userClickStats = pgTable("user_click_stats", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  uniqueClicks: integer("unique_clicks").notNull().default(0),
  bestShareClicks: integer("best_share_clicks").notNull().default(0),
});

/** Ranked points per period (company-wide), rebuilt by the award job so leaderboard pages read ~20 rows. */
export const leaderboardSnapshots = pgTable(
  "leaderboard_snapshots",
  {
    period: text("period").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    points: integer("points").notNull(),
  },
  // Ranks are counted when read (1 + people with more points, an index range): storing them meant
  // rewriting thousands of rows whenever a few people moved up.
  (t) => [
    primaryKey({ columns: [t.period, t.periodStart, t.userId] }),
    index("leaderboard_snapshots_points_idx").on(t.period, t.periodStart, t.points),
  ],
);

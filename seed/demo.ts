import { sql } from "drizzle-orm";
import { hashPassword } from "../app/domain/auth.server";
import { runAwards } from "../app/domain/gamification/award-run.server";
import { rows, type Db, type DbHandle } from "../db/client.server";
import {
  allowedDomains,
  brands,
  contentItems,
  contentMessages,
  linkClicks,
  packItems,
  packs,
  packTargets,
  pages,
  shares,
  teams,
  users,
} from "../db/schema";
import { DEMO_DOMAIN, DEMO_LOGINS } from "./demo-logins";
import { seedDemoSov } from "./demo-sov";

export { DEMO_LOGINS };

const TEAMS = ["Enterprise Sales", "Mid-Market Sales", "Customer Success", "Partner Alliances"];

const REPS = [
  "Rita Alvarez",
  "Sam Patel",
  "Lena Novak",
  "Tom Becker",
  "Priya Raman",
  "Jonas Weber",
  "Chloe Martin",
  "Diego Santos",
  "Hannah Kim",
  "Omar Haddad",
  "Sofia Rossi",
  "Liam O'Brien",
  "Yuki Tanaka",
  "Noah Fischer",
  "Ines Duarte",
  "Ethan Brooks",
];
const ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "America/Los_Angeles"];

const ITEMS: Array<[type: string, title: string, summary: string, tags: string[]]> = [
  [
    "article",
    "Why hybrid cloud costs drop in year two",
    "Our analysis of 140 migrations shows where the savings come from and when.",
    ["cloud", "cost"],
  ],
  [
    "blog",
    "Five questions to ask before you automate IT operations",
    "A practical checklist from our field engineers.",
    ["aiops", "automation"],
  ],
  [
    "ebook",
    "The observability playbook for platform teams",
    "A 40-page guide to logs, metrics and traces that people actually read.",
    ["observability", "platform"],
  ],
  [
    "whitepaper",
    "Zero-trust architecture in regulated industries",
    "How banks and insurers apply zero trust without slowing delivery.",
    ["security", "finance"],
  ],
  [
    "video",
    "Customer story: how Fabrikam cut incident time by 63%",
    "Three minutes with Fabrikam's SRE lead.",
    ["customer", "sre"],
  ],
  [
    "news",
    "Northwind named a leader in the 2026 Cloud Ops report",
    "Analysts rank Northwind first for vision and execution.",
    ["analyst", "award"],
  ],
  [
    "event",
    "Northwind Summit 2026: registration is open",
    "Two days of keynotes, labs and customer sessions in Lisbon.",
    ["event", "summit"],
  ],
  [
    "update",
    "Northwind Workflow 5.0 is generally available",
    "Visual automation, 200 new connectors and a faster runtime.",
    ["product", "release"],
  ],
  [
    "article",
    "The real cost of alert fatigue",
    "What on-call teams lose when every alert looks urgent.",
    ["observability", "sre"],
  ],
  [
    "blog",
    "From tickets to self-service: a service desk story",
    "How one retailer halved ticket volume in six months.",
    ["itsm", "customer"],
  ],
  [
    "ebook",
    "Mainframe modernisation without the big bang",
    "Step-by-step patterns for modernising core systems safely.",
    ["mainframe", "modernisation"],
  ],
  [
    "whitepaper",
    "AI in IT operations: separating signal from hype",
    "Where machine learning helps operations teams today.",
    ["aiops", "ai"],
  ],
  [
    "video",
    "Two-minute demo: automated change approvals",
    "See risk-scored changes approve themselves.",
    ["product", "demo"],
  ],
  [
    "news",
    "Northwind opens a new data centre region in Frankfurt",
    "EU customers can now keep all data in Germany.",
    ["cloud", "eu"],
  ],
  [
    "event",
    "Webinar: building an SRE practice from scratch",
    "Live Q&A with practitioners on 12 December.",
    ["webinar", "sre"],
  ],
  [
    "update",
    "New integrations: Slack, Teams and ServiceNow",
    "Route incidents to where your people already work.",
    ["product", "integrations"],
  ],
  [
    "article",
    "What CFOs want to hear about cloud spend",
    "Framing FinOps conversations for finance leaders.",
    ["cost", "finops"],
  ],
  [
    "blog",
    "Our engineers' favourite automation recipes",
    "Twelve recipes you can copy today.",
    ["automation", "community"],
  ],
  [
    "ebook",
    "The CIO's guide to platform engineering",
    "Why internal platforms are the next big productivity lever.",
    ["platform", "cio"],
  ],
  ["whitepaper", "Resilience benchmarks 2026", "Downtime costs across 600 enterprises.", ["research", "resilience"]],
  [
    "video",
    "Inside the Northwind network operations centre",
    "A tour of the team that keeps 10,000 services running.",
    ["culture", "sre"],
  ],
  [
    "news",
    "Northwind and Contoso announce a strategic partnership",
    "Joint solutions for hybrid cloud operations.",
    ["partner", "cloud"],
  ],
  ["event", "Northwind at Cloud Expo Europe", "Visit stand B12 for live demos.", ["event", "cloud"]],
  [
    "update",
    "Mobile app 3.2: on-call from anywhere",
    "Acknowledge, escalate and resolve from your phone.",
    ["product", "mobile"],
  ],
  [
    "article",
    "Security operations meets IT operations",
    "Why SecOps and ITOps teams should share a platform.",
    ["security", "aiops"],
  ],
  [
    "blog",
    "We're hiring: 40 roles across engineering and sales",
    "Join the team building the future of IT operations.",
    ["careers", "culture"],
  ],
  ["ebook", "Cloud cost optimisation: 30 quick wins", "Savings you can make this quarter.", ["cost", "cloud"]],
  ["whitepaper", "Service management maturity model", "Where does your organisation stand?", ["itsm", "research"]],
  ["video", "Keynote replay: the autonomous enterprise", "Our CEO's keynote from Summit 2025.", ["keynote", "ai"]],
  ["news", "Northwind reports record quarter", "Cloud revenue up 38% year over year.", ["company", "results"]],
];

const PACKS: Array<[title: string, description: string, itemIdx: number[], teamIdx: number[]]> = [
  ["Summit 2026 launch", "Everything to promote Northwind Summit in Lisbon.", [6, 4, 28, 20], []],
  ["Workflow 5.0 release", "Launch pack for the 5.0 release.", [7, 12, 15, 23, 17], [0, 1]],
  ["Cloud cost quarter", "Content for the Q4 cost-optimisation campaign.", [0, 16, 26, 13], [0, 1, 3]],
  ["Observability month", "Guides and stories for platform and SRE buyers.", [2, 8, 14, 18, 19], [2]],
  ["Security first", "Zero trust and SecOps content for regulated accounts.", [3, 24, 11], [0]],
];

const SOCIAL_POLICY = `# Social media policy

Share what you believe in, in your own words.

- **Be yourself.** Personalise suggested messages; people follow people.
- **Disclose.** Regulated items carry a disclosure line (for example #employee) that is always added.
- **Protect confidential information.** Never share customer names, pricing or roadmaps that are not public.
- **Be kind.** Do not argue with competitors or customers in public threads.
`;

export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_LOGINS.password);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    await tx.insert(allowedDomains).values({ domain: DEMO_DOMAIN });
    const teamRows = await tx
      .insert(teams)
      .values(TEAMS.map((name) => ({ name })))
      .returning();
    const teamId = (i: number) => teamRows[i % teamRows.length]!.id;

    const named = DEMO_LOGINS.users.filter((u) => u.role !== "rep");
    const people = [
      ...named.map((u, i) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        teamId: u.role === "manager" ? teamId(0) : null,
        timeZone: ZONES[i % ZONES.length]!,
      })),
      {
        email: `omar.manager@${DEMO_DOMAIN}`,
        name: "Omar Siddiqui",
        role: "manager" as const,
        teamId: teamId(1),
        timeZone: "Europe/London",
      },
      ...REPS.map((name, i) => ({
        email:
          i === 0
            ? DEMO_LOGINS.users.find((u) => u.role === "rep")!.email
            : `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${DEMO_DOMAIN}`,
        name,
        role: "rep" as const,
        teamId: teamId(i),
        timeZone: ZONES[i % ZONES.length]!,
      })),
    ];
    const userRows = await tx
      .insert(users)
      .values(
        people.map((p) => ({
          ...p,
          passwordHash,
          policyAcceptedAt: p.role === "rep" && p.email.startsWith("rita") ? null : new Date(),
        })),
      )
      .returning();
    const marketer = userRows.find((u) => u.role === "marketer")!;
    const approver = userRows.filter((u) => u.role === "marketer")[1]!;

    const now = Date.now();
    const itemRows = await tx
      .insert(contentItems)
      .values(
        ITEMS.map(([type, title, summary, tags], i) => ({
          type: type as (typeof contentItems.$inferInsert)["type"],
          title,
          summary,
          tags,
          url: `https://www.${DEMO_DOMAIN}/${type}/${title
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/-$/, "")}`,
          imageUrl: `/covers/${type}.svg`,
          status: "published" as const,
          locked: type === "news" && i % 2 === 1,
          disclosure: type === "news" && i % 2 === 1 ? "#employee" : null,
          publishAt: new Date(now - (95 - i * 3) * 86400_000),
          createdBy: marketer.id,
          approvedBy: approver.id,
          searchText: tags.join(" "),
        })),
      )
      .returning();

    await tx.insert(contentMessages).values(
      itemRows.flatMap((item) => [
        {
          itemId: item.id,
          network: "linkedin" as const,
          position: 0,
          body: `Worth a read: ${item.title}. ${item.summary}`,
        },
        {
          itemId: item.id,
          network: "linkedin" as const,
          position: 1,
          body: `Our team just published "${item.title}" and I think my network will find it useful.`,
        },
        { itemId: item.id, network: "x" as const, position: 0, body: `${item.title} 👇` },
        {
          itemId: item.id,
          network: "facebook" as const,
          position: 0,
          body: `Proud of this one from my team: ${item.title}`,
        },
      ]),
    );
    await tx.execute(sql`
      update ${contentItems} ci
      set search_text = ci.search_text || ' ' || m.bodies
      from (select item_id, string_agg(body, ' ') as bodies from ${contentMessages} group by item_id) m
      where m.item_id = ci.id`);

    for (const [i, [title, description, itemIdx, teamIdx]] of PACKS.entries()) {
      const [pack] = await tx
        .insert(packs)
        .values({
          title,
          description,
          status: "published",
          publishedAt: new Date(now - (60 - i * 12) * 86400_000),
          startsAt: new Date(now - (60 - i * 12) * 86400_000),
          coverUrl: `/covers/${ITEMS[itemIdx[0]!]![0]}.svg`,
          createdBy: marketer.id,
        })
        .returning();
      await tx
        .insert(packItems)
        .values(itemIdx.map((idx, position) => ({ packId: pack!.id, itemId: itemRows[idx]!.id, position })));
      if (teamIdx.length)
        await tx.insert(packTargets).values(teamIdx.map((t) => ({ packId: pack!.id, teamId: teamId(t) })));
    }

    await tx.insert(brands).values([
      { name: "Northwind", isOwn: true, keywords: ["northwind", "#northwind"], color: "#4338ca" },
      { name: "Contoso Ops", keywords: ["contoso"], color: "#f59e0b" },
      { name: "Fabrikam Cloud", keywords: ["fabrikam cloud", "fabrikamcloud"], color: "#10b981" },
    ]);

    await tx.insert(pages).values([
      { slug: "social-media-policy", title: "Social media policy", bodyMd: SOCIAL_POLICY },
      {
        slug: "guidelines",
        title: "Sharing guidelines",
        bodyMd:
          "# Sharing guidelines\n\nPost in the morning on weekdays, add one sentence of your own, and tag colleagues who helped.",
      },
      {
        slug: "tips",
        title: "Tips",
        bodyMd:
          "# Tips\n\n- Schedule posts for 8–10 am in your time zone.\n- Ask a question at the end of your post.\n- Reply to every comment within a day.",
      },
      {
        slug: "faq",
        title: "FAQ",
        bodyMd:
          "# FAQ\n\n**Do I have to share?** No. Share what you find useful.\n\n**Can Chorus post without me?** Never. Only what you schedule is posted.",
      },
    ]);

    // 90 days of history: each rep shares a few items a week, mostly on weekday mornings.
    await tx.execute(sql`
      insert into ${shares} (user_id, item_id, network, method, text, edited, status, scheduled_at, published_at,
                          external_post_id, attempts, idempotency_key, link_code, created_at, updated_at)
      select u.id, i.id, n.network::network,
             (case when n.network = 'facebook' or random() < 0.3 then 'intent' else 'api' end)::share_method,
             'Worth a read: ' || i.title, random() < 0.4, 'published',
             case when random() < 0.4 then t.at end, t.at,
             case when n.network <> 'facebook' then 'seed-' || md5(random()::text) end, 1,
             'seed-' || gen_random_uuid(), substr(md5(random()::text || clock_timestamp()::text), 1, 10), t.at, t.at
      from ${users} u
      cross join lateral generate_series(1, 25 + (random() * 30)::int) g
      cross join lateral (
        select (now() - (random() * 89 + 1) * interval '1 day')::date + time '08:00'
               + random() * interval '10 hours' + g * interval '0' as at
      ) t
      cross join lateral (
        select ci.id, ci.title from ${contentItems} ci where ci.publish_at < t.at order by random() + g * 0 limit 1
      ) i
      cross join lateral (
        select (array['linkedin','linkedin','x','facebook'])[1 + floor(random() * 4)::int + g * 0] as network
      ) n
      where u.role = 'rep' and extract(isodow from t.at) < 6`);
    // Share-page shares are unverified (decision 014); set after the insert, which draws the method at random.
    await tx.execute(sql`update ${shares} set status = 'opened', external_post_id = null where method <> 'api'`);
    await tx.execute(sql`
      insert into ${linkClicks} (share_id, clicked_at, visitor_hash, is_bot)
      select s.id, s.published_at + random() * interval '3 days', md5(random()::text), random() < 0.08
      from ${shares} s
      cross join lateral generate_series(1, (random() * random() * 30)::int + s.attempts * 0) g`);
  });
  await seedDemoSov(db);
  // Points and badges for the history above, so the demo leaderboard is populated from the start.
  await runAwards(db, new Date());
}

/** Seeds the demo company when the database has no users: always on the embedded database unless SEED_DEMO=never. */
export async function seedDemoIfEmpty(handle: DbHandle, mode: "auto" | "always" | "never"): Promise<boolean> {
  if (mode === "never") return false;
  if (mode === "auto" && handle.kind !== "pglite") return false;
  const [row] = await rows<{ present: boolean }>(handle.db, sql`select exists(select 1 from ${users}) as present`);
  if (row?.present) return false;
  await seedDemo(handle.db);
  return true;
}

import { sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../../db/client.server";
import { sovDaily } from "../../../db/schema";
import { dateRange, MAX_REPORT_DAYS } from "../validation";
import { listBrands } from "./brands.server";

/** The share of voice report: read from sov_daily (never from mentions), per period, per network, in total. */

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The SOV page's URL filters; anything malformed falls back to the defaults (last 90 days, weekly, all networks). */
export function parseSovFilters(params: URLSearchParams, today = new Date()) {
  const { from, to, problem } = dateRange(params, { today, days: 90, maxDays: MAX_REPORT_DAYS });
  const bucket = z.enum(BUCKETS).safeParse(params.get("bucket")).data ?? "week";
  const network =
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9 ._-]{0,39}$/)
      .safeParse(params.get("network") ?? "").data ?? null;
  // Share of voice counts verified posts; the page's switch adds the unverified (share page, copy) ones.
  const unverified = params.get("unverified") === "1";
  return { from, to, bucket, network, unverified, problem: problem as string | null | undefined };
}
export type SovFilters = ReturnType<typeof parseSovFilters>;

export interface SovPeriod {
  period: string;
  total: number;
  own: number;
  /**
   * Own mentions that came from employees' shares (verified; unverified too when included): the program's
   * contribution.
   */
  ownFromShares: number;
  /** The own brand's unverified shares (share page, copy) in the period, counted in or not. */
  unverifiedShares: number;
  sov: number | null;
  /** Own SOV without the program's shares: what the brand would have without advocates. */
  sovWithoutShares: number | null;
  byBrand: Record<string, number>;
}

/** One brand's counts in one group (a period or a network) of sov_daily. */
interface BrandCounts {
  group: string;
  brandId: string;
  fromShares: number;
  count: number;
  unverified: number;
}
type BrandCountsRow = { group: string; brand_id: string; from_shares: number; count: number; unverified: number };
const toBrandCounts = (r: BrandCountsRow): BrandCounts => ({
  group: r.group,
  brandId: r.brand_id,
  fromShares: r.from_shares,
  count: r.count,
  unverified: r.unverified,
});

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

const emptyPeriod = (period: string): SovPeriod => ({
  period,
  total: 0,
  own: 0,
  ownFromShares: 0,
  unverifiedShares: 0,
  sov: null,
  sovWithoutShares: null,
  byBrand: {},
});

function withRatios(p: SovPeriod): SovPeriod {
  p.sov = ratio(p.own, p.total);
  p.sovWithoutShares = ratio(p.own - p.ownFromShares, p.total - p.ownFromShares);
  return p;
}

/** Per group, the brands' counts summed into one SOV period. */
function fold(input: BrandCounts[], ownId: string | null): SovPeriod[] {
  const map = new Map<string, SovPeriod>();
  for (const r of input) {
    const p = map.get(r.group) ?? emptyPeriod(r.group);
    p.unverifiedShares += r.unverified;
    p.total += r.count;
    p.byBrand[r.brandId] = (p.byBrand[r.brandId] ?? 0) + r.count;
    if (r.brandId === ownId) {
      p.own += r.count;
      p.ownFromShares += r.fromShares;
    }
    map.set(r.group, p);
  }
  return [...map.values()].map(withRatios);
}

/** Share of voice from sov_daily (never from mentions): per period, per network and in total. */
export async function sovReport(db: Db, filters: SovFilters) {
  const networkFilter = filters.network ? sql`and network = ${filters.network}` : sql``;
  const withUnverified = sql.raw(filters.unverified ? "true" : "false");
  // Per period and per network in one pass over the range (grouping sets; a period is named once per group, not
  // once per row), beside the brands and the networks for the filter: one round trip's wait.
  const [brandList, countRows, networks] = await Promise.all([
    listBrands(db),
    rows<BrandCountsRow & { by_network: boolean }>(
      db,
      sql`
        select grouping(period) = 1 as by_network,
               coalesce(to_char(period, 'YYYY-MM-DD'), network) as "group",
               brand_id,
               sum(case when source = 'share' or (source = 'opened_share' and ${withUnverified})
                        then count else 0 end)::int as from_shares,
               sum(case when source <> 'opened_share' or ${withUnverified} then count else 0 end)::int as count,
               sum(case when source = 'opened_share' then count else 0 end)::int as unverified
        from (
          select date_trunc(${filters.bucket}, day::timestamp) as period,
                 network, brand_id, source, count
          from ${sovDaily}
          where day between ${filters.from}::date and ${filters.to}::date ${networkFilter}) d
        group by grouping sets ((period, brand_id), (network, brand_id))
        order by 1, 2, 3`,
    ),
    // Every network ever counted, in order: a skip scan of the networks index, one probe per network (a distinct
    // over the table read all of it).
    rows<{ network: string }>(
      db,
      sql`
        with recursive n as (
          (select network from ${sovDaily} order by network limit 1)
          union all
          select (select s.network from ${sovDaily} s where s.network > n.network order by s.network limit 1)
          from n where n.network is not null)
        select network from n where network is not null`,
    ),
  ]);
  const own = brandList.find((b) => b.isOwn) ?? null;
  const periodRows = countRows.filter((r) => !r.by_network);
  const networkRows = countRows.filter((r) => r.by_network);
  const ownId = own?.id ?? null;
  const periods = fold(periodRows.map(toBrandCounts), ownId);
  const byNetwork = fold(networkRows.map(toBrandCounts), ownId);
  const total = emptyPeriod("total");
  for (const p of periods) {
    total.total += p.total;
    total.own += p.own;
    total.ownFromShares += p.ownFromShares;
    total.unverifiedShares += p.unverifiedShares;
    for (const [b, n] of Object.entries(p.byBrand)) total.byBrand[b] = (total.byBrand[b] ?? 0) + n;
  }
  withRatios(total);
  return { brands: brandList, own, periods, byNetwork, total, networks: networks.map((n) => n.network) };
}
export type SovReport = Awaited<ReturnType<typeof sovReport>>;

/** CSV rows for the SOV exports (same numbers as the page's tables). */
export function sovCsvRows(report: SovReport, rowsOf: "periods" | "networks") {
  const header = [
    rowsOf === "periods" ? "period" : "network",
    ...report.brands.map((b) => `${b.name} mentions`),
    "total mentions",
    "own from shares",
    "own SOV %",
    "own SOV without shares %",
  ];
  const list = rowsOf === "periods" ? report.periods : report.byNetwork;
  const pct = (v: number | null) => (v === null ? "" : (v * 100).toFixed(1));
  return {
    header,
    body: list.map((p) => [
      p.period,
      ...report.brands.map((b) => p.byBrand[b.id] ?? 0),
      p.total,
      p.ownFromShares,
      pct(p.sov),
      pct(p.sovWithoutShares),
    ]),
  };
}

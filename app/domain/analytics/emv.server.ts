import { eq } from "drizzle-orm";
import { z } from "zod";
import { settings } from "../../../db/schema";
import { audit } from "../audit.server";
import { NETWORKS, type Network } from "../networks";
import type { Db } from "../../../db/client.server";
import type { StatRow } from "./program-stats.server";

/** Earned media value: what the program's clicks and impressions would have cost as ads, at admin-set rates. */

export const emvRateSchema = z.object({
  cpc: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .min(0, "Must be 0 or more")
    .max(1000, "That CPC looks too high"),
  cpm: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .min(0, "Must be 0 or more")
    .max(10_000, "That CPM looks too high"),
  impressionsPerShare: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .int("Use a whole number")
    .min(0, "Must be 0 or more")
    .max(1_000_000, "That estimate looks too high"),
});
export type EmvRate = z.infer<typeof emvRateSchema>;
export type EmvRates = Record<Network, EmvRate>;
// One rate per network: `satisfies` fails the build when a network is added without one.
export const emvRatesSchema = z.object({
  linkedin: emvRateSchema,
  x: emvRateSchema,
  facebook: emvRateSchema,
} satisfies Record<Network, typeof emvRateSchema>);

export const DEFAULT_EMV_RATES: EmvRates = {
  linkedin: { cpc: 5.5, cpm: 30, impressionsPerShare: 350 },
  x: { cpc: 1.2, cpm: 6.5, impressionsPerShare: 200 },
  facebook: { cpc: 0.9, cpm: 11, impressionsPerShare: 150 },
};
const EMV_KEY = "emv_rates";

export async function getEmvRates(db: Db): Promise<EmvRates> {
  const [row] = await db.select().from(settings).where(eq(settings.key, EMV_KEY));
  const parsed = emvRatesSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_EMV_RATES;
}

export async function saveEmvRates(db: Db, actorId: string, rates: EmvRates): Promise<void> {
  await db
    .insert(settings)
    .values({ key: EMV_KEY, value: rates, updatedBy: actorId })
    .onConflictDoUpdate({ target: settings.key, set: { value: rates, updatedBy: actorId, updatedAt: new Date() } });
  await audit(db, { actorId, action: "settings.emv_rates", targetType: "settings", targetId: EMV_KEY, detail: rates });
}

export interface EmvRow {
  network: Network;
  shares: number;
  uniqueClicks: number;
  impressions: number;
  clickValue: number;
  impressionValue: number;
  value: number;
}

/**
 * EMV = unique clicks × CPC + estimated impressions / 1000 × CPM, where impressions = verified shares ×
 * estimate per share (an unverified share may never have been posted; its clicks, if any, are real).
 */
export function earnedMediaValue(byNetwork: StatRow[], rates: EmvRates): { rows: EmvRow[]; total: number } {
  const list = NETWORKS.map((network) => {
    const stat = byNetwork.find((r) => r.key === network) ?? { shares: 0, uniqueClicks: 0 };
    const rate = rates[network];
    const impressions = stat.shares * rate.impressionsPerShare;
    const clickValue = stat.uniqueClicks * rate.cpc;
    const impressionValue = (impressions / 1000) * rate.cpm;
    return {
      network,
      shares: stat.shares,
      uniqueClicks: stat.uniqueClicks,
      impressions,
      clickValue,
      impressionValue,
      value: clickValue + impressionValue,
    };
  });
  return { rows: list, total: list.reduce((sum, r) => sum + r.value, 0) };
}

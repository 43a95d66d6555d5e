import { Link } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/report";
import type { Bucket, SovFilters } from "~/domain/sov/report.server";

/** The share of voice page's title, links and filters (bucket, network, unverified shares in or out). */
export function SovHead({
  ownName,
  filters,
  buckets,
  networks,
}: {
  ownName: string | null;
  filters: SovFilters;
  buckets: readonly Bucket[];
  networks: string[];
}) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="flush">Share of voice</h1>
          <p className="muted page-lede">
            {ownName
              ? `${ownName}'s mentions ÷ all tracked brands' mentions`
              : "Mark one brand as your own to see share of voice"}{" "}
            · {filters.from} to {filters.to}
          </p>
        </div>
        <div className="row">
          <Link to="/sov/import" className="button">
            Import mentions
          </Link>
          <Link to="/brands" className="button button-secondary">
            Brands
          </Link>
        </div>
      </div>

      <FilterBar from={filters.from} to={filters.to} problem={filters.problem}>
        <FilterSelect
          name="bucket"
          label="Per"
          value={filters.bucket}
          options={buckets.map((b) => ({ value: b, label: b }))}
        />
        <FilterSelect
          name="network"
          label="Network"
          value={filters.network}
          options={networks.map((n) => ({ value: n, label: n }))}
          allLabel="All networks"
        />
        {/* Verified posts only by default: a share page opened or a text copied may never have been posted. */}
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <label className="row">
            <input type="checkbox" name="unverified" value="1" defaultChecked={filters.unverified} /> Include unverified
            shares
          </label>
        </div>
      </FilterBar>
    </>
  );
}

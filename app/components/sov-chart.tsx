import { useEffect, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface SovChartSeries {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

/**
 * Share-of-voice trend (percent of all tracked brands' mentions per period). Rendered in the browser only:
 * recharts measures its container, which the server cannot do. The table beside it carries the same numbers.
 */
export function SovChart({
  data,
  series,
  label,
}: {
  data: Array<Record<string, string | number | null>>;
  series: SovChartSeries[];
  label: string;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div className="sov-chart" role="img" aria-label={label} data-ready={mounted ? "true" : "false"}>
      {mounted ? (
        <ResponsiveContainer width="100%" height={320}>
          <LineChart data={data} margin={{ top: 10, right: 20, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="period" tick={{ fontSize: 12 }} />
            <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 12 }} width={48} />
            <Tooltip formatter={(v) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—")} />
            <Legend />
            {series.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                strokeWidth={s.dashed ? 1.5 : 2.5}
                strokeDasharray={s.dashed ? "6 4" : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <p className="muted chart-placeholder">Drawing the chart…</p>
      )}
    </div>
  );
}

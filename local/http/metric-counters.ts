/** The functions' metrics as the local runner counted them: per route, per metric name. */
export interface MetricsSummary {
  readonly routes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Adds up the metrics the functions printed (EMF), as CloudWatch would with the `Sum`
 * statistic over the whole run, by their `route` dimension.
 */
export class MetricCounters {
  readonly #routes = new Map<string, Map<string, number>>();

  /** Counts one blob's values under `route`. */
  add(route: string, counts: Readonly<Record<string, number>>): void {
    let metrics = this.#routes.get(route);
    if (metrics === undefined) {
      metrics = new Map();
      this.#routes.set(route, metrics);
    }
    for (const [name, value] of Object.entries(counts)) metrics.set(name, (metrics.get(name) ?? 0) + value);
  }

  /** Every counter so far, routes and names in alphabetical order. */
  summary(): MetricsSummary {
    const routes: Record<string, Record<string, number>> = {};
    for (const route of [...this.#routes.keys()].sort()) {
      const metrics = this.#routes.get(route) ?? new Map<string, number>();
      routes[route] = Object.fromEntries([...metrics].sort(([a], [b]) => a.localeCompare(b)));
    }
    return { routes };
  }
}

/** The summary as a plain-text table (route, metric, count), or a line saying nothing was counted. */
export function metricsTable(summary: MetricsSummary): string {
  const rows = Object.entries(summary.routes).flatMap(([route, metrics]) => Object.entries(metrics).map(([name, count]) => [route, name, String(count)] as const));
  if (rows.length === 0) return 'no metrics counted';
  const header = ['route', 'metric', 'count'] as const;
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

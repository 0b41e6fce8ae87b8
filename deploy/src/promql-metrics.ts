import { parser } from "@prometheus-io/lezer-promql";

/** Grafana's built-in interval variables, replaced by plain durations so the query parses. */
const grafanaVariables: Record<string, string> = { $__rate_interval: "5m", $__interval: "1m", $__range: "1h" };

export function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__[a-z_]+/g, (v) => grafanaVariables[v] ?? "5m");
}

/**
 * The metric names a PromQL expression selects, read from its syntax tree (the Prometheus
 * project's own grammar); throws on a syntax error.
 */
export function metricNames(expr: string): Set<string> {
  const source = withoutGrafanaVariables(expr);
  const tree = parser.parse(source);
  const names = new Set<string>();
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) error ??= node.from;
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") names.add(source.slice(node.from, node.to));
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at ${error}: ${source}`);
  return names;
}

/** What a registry's metrics put on the wire: histograms and summaries as their series. */
export function exportedSeries(metrics: { name: string; type: string }[]): Set<string> {
  const names = new Set<string>();
  for (const m of metrics) {
    if (m.type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(m.name + suffix);
    else if (m.type === "summary") for (const suffix of ["", "_sum", "_count"]) names.add(m.name + suffix);
    else names.add(m.name);
  }
  return names;
}

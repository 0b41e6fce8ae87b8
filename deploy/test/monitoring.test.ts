import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createApiMetrics } from "../../apps/api/src/metrics";
import { createWorkerMetrics } from "../../apps/worker/src/metrics";
import { deployRoot } from "../src/kustomize";
import { exportedSeries, metricNames, withoutGrafanaVariables } from "../src/promql-metrics";

const monitoring = join(deployRoot, "monitoring");
const rulesFile = join(monitoring, "prometheus-rules.yaml");

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}
const rules = (parse(readFileSync(rulesFile, "utf8")) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(readFileSync(join(monitoring, "grafana-dashboard.json"), "utf8")) as { uid: string; panels: Panel[] };
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const dashboardExprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw new Error(`promtool is not installed (scripts/ensure-tools.sh installs it): ${r.error.message}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("Prometheus rules", () => {
  it("pass promtool check rules", () => {
    const r = promtool(["check", "rules", "prometheus-rules.yaml"], monitoring);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  it("pass promtool test rules: each alert fires on its traffic and stays quiet next to it", () => {
    const r = promtool(["test", "rules", "prometheus-rules.test.yaml"], monitoring);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.status).toBe(0);
    // Every alert of the rule file has at least one firing and one quiet case.
    const tests = parse(readFileSync(join(monitoring, "prometheus-rules.test.yaml"), "utf8")) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const alert of rules.filter((x) => x.alert).map((x) => x.alert!)) {
      if (alert === "ImageBuilderWorkerMetricsMissing") continue; // absent(): covered by the rule itself, see below
      expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0), `${alert} fires in a test`).toBe(true);
      expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length === 0), `${alert} stays quiet in a test`).toBe(true);
    }
  }, 180_000);

  it("fail promtool test rules when an alert is broken (the tests can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ib-rules-"));
    try {
      // The backlog alert made blind: its firing test must now fail.
      const broken = readFileSync(rulesFile, "utf8").replace("image_builder:compose_backlog:jobs > 100 and", "image_builder:compose_backlog:jobs > 100000 and");
      writeFileSync(join(dir, "prometheus-rules.yaml"), broken);
      writeFileSync(join(dir, "prometheus-rules.test.yaml"), readFileSync(join(monitoring, "prometheus-rules.test.yaml")));
      const r = promtool(["test", "rules", "prometheus-rules.test.yaml"], dir);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/ImageBuilderBacklogGrowing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("cover both SLOs with fast and slow burn-rate alerts on two windows each", () => {
    for (const slo of ["latency", "composes"]) {
      const alerts = rules.filter((x) => x.alert && x.labels?.slo === slo);
      expect(alerts.map((a) => a.labels!.severity).sort(), slo).toEqual(["critical", "warning"]);
      for (const a of alerts) expect(a.expr.match(/ratio_rate\w+/g)!.length, a.alert).toBe(4);
    }
  });
});

describe("Grafana dashboard", () => {
  it("has unique panel ids and a query on every panel but rows, each valid PromQL for Prometheus itself", () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels.filter((x) => x.type !== "row")) expect(p.targets?.length, p.title).toBeGreaterThan(0);
    // promtool parses every query as a recording rule: the real Prometheus parser.
    const dir = mkdtempSync(join(tmpdir(), "ib-dashboard-"));
    try {
      const asRules = { groups: [{ name: "dashboard", rules: dashboardExprs.map((e, i) => ({ record: `dashboard:query_${i}`, expr: withoutGrafanaVariables(e.expr) })) }] };
      writeFileSync(join(dir, "dashboard-rules.yaml"), stringify(asRules));
      const r = promtool(["check", "rules", "dashboard-rules.yaml"], dir);
      expect(r.output).toMatch(new RegExp(`SUCCESS: ${dashboardExprs.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows what the issue asks for", () => {
    const titles = panels.map((p) => p.title).join("\n");
    for (const t of ["Latency SLI", "Compose SLI", "Request rate by route", "Latency p95 by route", "Compose queue by state", "Oldest waiting job", "Worker throughput", "Composer errors", "Submission latency", "Reconciler repairs"]) {
      expect(titles).toContain(t);
    }
  });
});

describe("metric names", () => {
  const exported = new Set([
    ...exportedSeries(createApiMetrics().registry.getMetricsAsArray() as never),
    ...exportedSeries(createWorkerMetrics().registry.getMetricsAsArray() as never),
  ]);
  const recorded = new Set(rules.filter((r) => r.record).map((r) => r.record!));
  const unknown = (expr: string) => [...metricNames(expr)].filter((n) => !exported.has(n) && !recorded.has(n));

  it("every metric a rule or a dashboard panel names is one the API or the worker exports (or a rule records)", () => {
    const problems = [
      ...rules.map((r) => ({ where: r.record ?? r.alert!, names: unknown(r.expr) })),
      ...dashboardExprs.map((e) => ({ where: e.panel, names: unknown(e.expr) })),
    ].filter((p) => p.names.length > 0);
    expect(problems).toEqual([]);
    // The check reads something: the rules and the dashboard name the service's own metrics.
    const named = new Set([...rules.map((r) => r.expr), ...dashboardExprs.map((e) => e.expr)].flatMap((e) => [...metricNames(e)]));
    for (const m of ["image_builder_crc_http_duration_seconds_bucket", "image_builder_worker_queue_jobs", "image_builder_worker_queue_oldest_waiting_seconds"]) {
      expect(named).toContain(m);
    }
  });

  it("catches a name no registry exports", () => {
    expect(unknown('sum(rate(image_builder_worker_jobz_total{name="x"}[5m])) / image_builder:compose_backlog:jobs')).toEqual(["image_builder_worker_jobz_total"]);
    expect(unknown("histogram_quantile(0.9, rate(image_builder_crc_http_duration_seconds_bucket[$__rate_interval]))")).toEqual([]);
    expect(() => metricNames("sum(rate(x[5m])")).toThrow(/syntax error/);
  });
});

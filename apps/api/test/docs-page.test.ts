import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback, startTestApi, type TestApi } from "./harness";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
/** Where this test leaves its screenshot (ignored by git). */
const outputDir = path.join(repoRoot, "test-output", "api");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let api: TestApi;
let listener: Awaited<ReturnType<typeof listenOnLoopback>>;
let root: string;
beforeAll(async () => {
  api = await startTestApi();
  listener = await listenOnLoopback(api);
  root = listener.root;
});
afterAll(async () => {
  await listener.close();
  await api.close();
});

describe("GET /docs", () => {
  it("serves a page whose script and style come from this service, without an identity", async () => {
    const res = await api.request("/docs", { identity: null });
    expect(res.status).toBe(200);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.sort()).toEqual(["/docs/assets/swagger-ui-dist/swagger-ui-bundle.js", "/docs/assets/swagger-ui-dist/swagger-ui.css"]);
    expect(html).toContain("url: '/openapi.json'");
    for (const [file, type] of [["swagger-ui-bundle.js", "text/javascript"], ["swagger-ui.css", "text/css"]]) {
      const asset = await api.request(`/docs/assets/swagger-ui-dist/${file}`, { identity: null });
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toContain(type);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
  });

  it("serves no other file of the package", async () => {
    for (const file of ["package.json", "..%2Fpackage.json", "index.html"]) {
      const res = await api.request(`/docs/assets/swagger-ui-dist/${file}`, { identity: null });
      expect(res.status, file).toBe(404);
    }
  });

  it("renders every operation of the OpenAPI document in headless Chromium, loading nothing from elsewhere", async () => {
    if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (scripts/ensure-tools.sh installs Debian's chromium)`);
    const doc = (await (await api.request("/openapi.json", { identity: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).filter((m) => m !== "parameters").map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const requested: string[] = [];
      page.on("request", (r) => requested.push(r.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${root}/docs`);
      await page.waitForSelector(".opblock", { timeout: 30_000 });
      // The title comes from the document, the operations from its paths.
      expect(await page.locator(".info .title").innerText()).toContain("Image-builder service");
      // Every operation once at least (one listed under two tags shows twice), and nothing else.
      const rendered = await page.locator(".opblock-summary").evaluateAll((blocks) =>
        blocks.map((b) => `${b.querySelector(".opblock-summary-method")?.textContent} ${b.querySelector(".opblock-summary-path")?.textContent}`),
      );
      expect([...new Set(rendered.map((r) => r.replace(/\u200b/g, "")))].sort()).toEqual(operations);
      expect(operations).toEqual(expect.arrayContaining(["POST /compose", "GET /composes/{composeId}", "GET /distributions"]));
      mkdirSync(outputDir, { recursive: true });
      const screenshot = path.join(outputDir, "docs-page.png");
      await page.screenshot({ path: screenshot, fullPage: false });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      expect(requested.filter((u) => !u.startsWith(root) && !u.startsWith("data:"))).toEqual([]);
    } finally {
      await browser?.close();
    }
  }, 90_000);
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestApi, type TestApi } from "./harness";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const fixtureCatalogDir = path.join(repoRoot, "packages/core/test/fixtures/distributions");
export const upstreamCatalogDir = path.resolve(repoRoot, "../shared/imagebuilder-distributions");

/** The upstream test allow file: org 000000 gets Fedora, CentOS and nightlies; everyone the numbered nightlies. */
export const testAllowList = { "000000": ["fedora-*", "centos-*", "rhel-.*-nightly"], "000001": [], "*": ["rhel-[0-9.]+-nightly"] };

/** An API on the fixture catalog with the test allow file; extra env on top. */
export async function startCatalogApi(env: Record<string, string> = {}): Promise<TestApi & { allowFile: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "ib-api-allow-"));
  const allowFile = path.join(dir, "allow.json");
  writeFileSync(allowFile, JSON.stringify(testAllowList));
  const api = await startTestApi({ DISTRIBUTIONS_DIR: fixtureCatalogDir, ALLOW_FILE: allowFile, ...env });
  return {
    ...api,
    allowFile,
    async close() {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function json<T = unknown>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

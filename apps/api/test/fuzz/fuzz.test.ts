import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { createComposerSim } from "../../../composer-sim/src/index";
import { createConsoleSim } from "../../../console-sim/src/index";
import { startTestApi } from "../harness";
import { type OpenApiDocument, operationsOf } from "./document";
import { answerProblem, responseChecker } from "./expectations";
import { requestArbitrary } from "./requests";
import { FUZZ_ORG } from "./identities";
import { fuzzPolicies, seedResources } from "./seed-data";
import { HANG_MS, send } from "./send";
import { FuzzStats } from "./stats";

/**
 * Property-based fuzzing of every operation the service documents in its own /openapi.json:
 * no 5xx, no hang, every 2xx valid against the document, every 4xx in the error shape (or
 * upstream's plain text for identity failures). A small budget here; `pnpm fuzz -- --runs N`
 * for long runs, `--seed S` to replay a failure (the seed is printed).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 20);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const only = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(",")) : undefined;

// A working composer, so that an answer passed on from it is a 2xx or a 4xx, never a 5xx.
const composer = await createComposerSim({ credentials: { clientId: "image-builder", clientSecret: "secret" } }).start();
// Working recommendations and compliance services, so that their 200s are checked against the document.
const consoleSim = await createConsoleSim({
  fixture: {
    recommendations: { rhel9: { bash: ["bash-completion"] }, rhel10: { vim: ["vim-enhanced"] } },
    orgs: { [FUZZ_ORG]: { policies: fuzzPolicies } },
  },
}).start();
const api = await startTestApi({
  COMPOSER_URL: composer.url,
  COMPOSER_TOKEN_URL: composer.tokenUrl,
  COMPOSER_CLIENT_ID: "image-builder",
  COMPOSER_CLIENT_SECRET: "secret",
  RECOMMENDATIONS_URL: consoleSim.urls.recommendations,
  RECOMMENDATIONS_TOKEN_URL: consoleSim.urls.token,
  RECOMMENDATIONS_CLIENT_ID: "image-builder",
  RECOMMENDATIONS_CLIENT_SECRET: "secret",
  COMPLIANCE_URL: consoleSim.urls.compliance,
});
const doc = (await (await api.request("/openapi.json", { identity: null })).json()) as OpenApiDocument;
const hints = await seedResources(api);
const check = responseChecker(doc);
const stats = new FuzzStats();
// Deletions last, so the operations before them find the seeded resources.
const operations = operationsOf(doc)
  .filter((op) => !only || only.has(op.id))
  .sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));

console.log(`fuzz: seed ${seed}, ${runs} runs per operation, ${operations.length} operations (replay: pnpm fuzz -- --seed ${seed} --runs ${runs})`);

afterAll(async () => {
  console.log(`fuzz (seed ${seed}):\n${stats.table()}`);
  await api.close();
  await composer.close();
  await consoleSim.close();
});

/** The same seed for the same operation whatever else the document holds. */
function seedFor(operation: string): number {
  let h = seed;
  for (const ch of operation) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe(`fuzz /openapi.json (seed ${seed})`, () => {
  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.id})${op.streaming ? ", stream not read" : ""}`, { timeout: 120_000 + runs * 200 }, async () => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(doc, op, hints), async (req) => {
          const answer = await send(api.app, req);
          const problem = answer === undefined ? `no answer within ${HANG_MS} ms` : answerProblem(check, op, req, answer);
          stats.record(req, answer, problem !== undefined);
          if (process.env.FUZZ_DEBUG && req.kind === "valid" && answer && answer.status >= 400) {
            console.log(`${req.identity} ${req.method} ${req.url} ${req.body ?? ""}\n  -> ${answer.status} ${answer.text.slice(0, 240)}`);
          }
          if (problem) throw new Error(problem);
        }),
        { numRuns: runs, seed: seedFor(op.id) },
      );
    });
  }
});

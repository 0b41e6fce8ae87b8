import { Writable } from "node:stream";
import { createComposerClient, type ComposerClientHandle } from "@ib/core/composer";
import { createComposerSim, type ComposerSim, type RunningSim } from "../../composer-sim/src/index";
import { createLogger as createWorkerLogger } from "../../worker/src/logger";
import { startInProcessWorker, type InProcessWorker } from "../../worker/test/support/in-process";
import { composeBody } from "../../worker/test/support/composes";
import { waitFor } from "../../worker/test/support/wait";
import { createLogger } from "../src/logger";
import { startTestApi, type TestApi } from "./harness";

export type LogLine = Record<string, unknown>;

/** A log destination keeping every JSON line written to it. */
function captureLines(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { stream, lines };
}

export interface ComposeFlow {
  api: TestApi;
  worker: InProcessWorker;
  sim: ComposerSim;
  /** The API's and the worker's log lines, as their loggers write them. */
  apiLines: LogLine[];
  workerLines: LogLine[];
  /** `POST /compose` as org 000000, with more request headers; returns the compose id. */
  postCompose(headers?: Record<string, string>): Promise<string>;
  /** Waits until composer-sim holds the compose's submission and returns what it received. */
  submission(composeId: string): Promise<{ traceparent?: string; requestId?: string }>;
  close(): Promise<void>;
}

const credentials = { clientId: "image-builder-worker", clientSecret: "sim-secret" };

/**
 * The API and the worker in this process, with their own loggers, on one database and queue
 * prefix, the worker calling composer-sim over HTTP with the real composer client. Start
 * telemetry (or not) before calling: the API and the worker decide at construction.
 */
export async function startComposeFlow(): Promise<ComposeFlow> {
  const sim = createComposerSim({ credentials });
  const running: RunningSim = await sim.start();
  const worker = await startInProcessWorker({ COMPOSER_URL: running.url, COMPOSER_TIMEOUT_MS: "5000", SUBMIT_LEASE_MS: "10000", POLL_INITIAL_MS: "200" });
  const composer: ComposerClientHandle = createComposerClient({ baseUrl: running.url, tokenUrl: running.tokenUrl, ...credentials, timeoutMs: 5_000 });
  const workerLog = captureLines();
  const apiLog = captureLines();
  worker.ctx.composer = composer;
  worker.ctx.log = createWorkerLogger("info", "image-builder-worker", workerLog.stream);
  const { logger } = createLogger("info", "image-builder-api", apiLog.stream);
  const api = await startTestApi({ DATABASE_URL: worker.databaseUrl, QUEUE_PREFIX: worker.prefix }, { logger });
  worker.startWorker(2);
  return {
    api,
    worker,
    sim,
    apiLines: apiLog.lines,
    workerLines: workerLog.lines,
    async postCompose(headers = {}) {
      const res = await api.request("/api/image-builder/v1/compose", { method: "POST", json: composeBody("guest-image", "aws.s3"), headers });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /compose answered ${res.status}: ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    },
    submission: (composeId) =>
      waitFor(
        `composer-sim to receive compose ${composeId}`,
        async () => [...sim.state.composes.values()].find((c) => c.submissionKey === composeId),
        20_000,
        20,
      ),
    async close() {
      await api.close();
      await worker.close();
      await composer.close();
      await running.close();
    },
  };
}

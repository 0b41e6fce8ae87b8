import { createComposeQueue, createRedisConnection, closeRedisConnection } from "@ib/queue";
import { benchAbort } from "../../abort";
import { sleep } from "../../env/child-app";
import { ConnectionRefusedError, KeptAliveConnections, postBytes, RequestCutError } from "../../load/kept-alive";
import { allComposes } from "../observe";
import type { Accepted } from "../../load/traffic";
import type { ChaosScenario } from "../types";

/** Keep-alive clients posting composes, as a load balancer or the console's proxy holds them. */
const CLIENTS = 200;
/** Each client waits this long between its answer and its next request. */
const CLIENT_PAUSE_MS = 250;
/** Longest wait for the API to exit after SIGTERM before it is killed. */
const EXIT_WAIT_MS = 60_000;

/**
 * SIGTERM of the API while 200 clients post composes on kept-alive connections. The clients
 * keep posting until the process is gone (on a connection the server closes they reconnect, and
 * find the port closed). Counted: requests cut (written, connection closed before the answer),
 * answers after the signal, the exit code and time, composes stored whose 201 never reached
 * the client, and composes left without a queue job at the exit. Then a new API starts on the
 * same port.
 */
export const apiSigterm: ChaosScenario = {
  id: "api-sigterm",
  title: "API SIGTERM under keep-alive load",
  async inject({ env, client, traffic, inFlight, log }) {
    const url = new URL("/api/image-builder/v1/compose", env.api.url);
    const pool = new KeptAliveConnections(url.hostname, Number(url.port), CLIENTS, 15_000);
    const requests = new Map(client.identities.map((identity) => [identity, postBytes(url, { "x-rh-identity": identity }, client.body)]));
    const delivered: Accepted[] = [];
    let cut = 0;
    let refused = 0;
    let afterSignal = 0;
    let closedAfterSignal = 0;
    let signalled = false;
    let stopped = false;

    const clientLoop = async (n: number) => {
      const identity = client.identities[n % client.identities.length]!;
      const bytes = requests.get(identity)!;
      while (!stopped && !benchAbort.signal.aborted) {
        try {
          const answer = await pool.send(bytes);
          if (signalled) {
            afterSignal++;
            if (answer.closing) closedAfterSignal++;
          }
          if (answer.status === 201) delivered.push({ id: (JSON.parse(answer.body) as { id: string }).id, identity });
        } catch (err) {
          if (err instanceof RequestCutError) cut++;
          else if (err instanceof ConnectionRefusedError) refused++;
          if (err instanceof ConnectionRefusedError) await sleep(100);
        }
        await sleep(CLIENT_PAUSE_MS);
      }
    };
    const loops = Array.from({ length: CLIENTS }, (_, n) => clientLoop(n));
    await sleep(2_000);

    const api = env.api.app;
    const signalAt = traffic.now();
    signalled = true;
    api.signal("SIGTERM");
    const killTimer = setTimeout(() => api.signal("SIGKILL"), EXIT_WAIT_MS);
    const exitCode = await api.waitExit();
    clearTimeout(killTimer);
    const exitSeconds = (traffic.now() - signalAt) / 1000;
    stopped = true;
    await Promise.all(loops);
    pool.close();
    log(`API exited with ${exitCode} ${exitSeconds.toFixed(1)} s after SIGTERM; ${cut} requests cut`);

    // What the exit left behind, before the worker or a new API repairs anything.
    const answered = new Set([...inFlight, ...delivered, ...traffic.accepted].map((a) => a.id));
    const rows = (await allComposes(env.observer)) ?? [];
    const unanswered = rows.filter((r) => !answered.has(r.id));
    const withoutJob = await countWithoutJob(env.redis.url, env.stack.queuePrefix, rows.filter((r) => r.status === "pending" && !r.composerId).map((r) => r.id));

    await env.startApi();
    return {
      accepted: delivered,
      storedWithoutAnswer: unanswered.map((r) => r.id),
      notes: [
        `exit ${exitCode} after ${exitSeconds.toFixed(1)} s`,
        `${cut} requests cut, ${refused} refused`,
        `${afterSignal} answered after SIGTERM (${closedAfterSignal} with Connection: close)`,
        `${unanswered.length} stored without their 201`,
        `${withoutJob ?? "?"} pending without a queue job at exit`,
      ],
    };
  },
};

/** Of `ids`, how many have no job in the compose queue. */
async function countWithoutJob(redisUrl: string, prefix: string, ids: string[]): Promise<number | undefined> {
  const connection = createRedisConnection(redisUrl, "producer", "chaos-observer");
  const queue = createComposeQueue(connection, prefix);
  try {
    let missing = 0;
    for (const id of ids) {
      if (!(await queue.getJob(id))) missing++;
    }
    return missing;
  } catch {
    return undefined;
  } finally {
    await queue.close().catch(() => undefined);
    await closeRedisConnection(connection);
  }
}

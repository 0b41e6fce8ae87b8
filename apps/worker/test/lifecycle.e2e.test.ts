import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, guestImage, readCompose, simStats, submissionsOf, waitForEnd } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { sleep, waitFor } from "./support/wait";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

async function getStatus(id: string) {
  const res = await stack.request(`/composes/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { image_status: { status: string; upload_status?: { status: string; type: string; options: Record<string, string> }; error?: { id: number; reason: string; details?: unknown } } };
}

describe("a compose through API, worker and composer", () => {
  const targets = [
    {
      target: "aws",
      body: composeBody("aws", "aws", { share_with_accounts: ["123456789012"] }),
      check: (o: Record<string, string>) => {
        expect(o.ami).toMatch(/^ami-[0-9a-z]+$/);
        expect(o.region).toBe("us-east-1");
        expect(Object.keys(o).sort()).toEqual(["ami", "region"]);
      },
    },
    {
      target: "gcp",
      body: composeBody("gcp", "gcp", { share_with_accounts: ["user:alice@example.com"] }),
      check: (o: Record<string, string>) => {
        expect(o.project_id).toEqual(expect.any(String));
        expect(o.image_name).toEqual(expect.any(String));
        expect(Object.keys(o).sort()).toEqual(["image_name", "project_id"]);
      },
    },
    {
      target: "azure",
      body: composeBody("azure", "azure", {
        tenant_id: "5c7ef5b6-1c3f-4da0-a622-0b060239d7d7",
        subscription_id: "4e5d8b2c-ab24-4413-90c5-612306e809e2",
        resource_group: "rg",
        image_name: "e2e-azure-image",
      }),
      check: (o: Record<string, string>) => {
        expect(o).toEqual({ image_name: "e2e-azure-image" });
      },
    },
    {
      target: "aws.s3",
      body: composeBody("guest-image", "aws.s3"),
      check: (o: Record<string, string>) => {
        expect(o.url).toMatch(/^https:\/\//);
        expect(Object.keys(o)).toEqual(["url"]);
      },
    },
    {
      target: "oci.objectstorage",
      body: composeBody("oci", "oci.objectstorage"),
      check: (o: Record<string, string>) => {
        expect(o.url).toMatch(/^https:\/\//);
        expect(Object.keys(o)).toEqual(["url"]);
      },
    },
  ];

  it.each(targets)("$target: success with its upload status and package metadata", async ({ target, body, check }) => {
    const id = await stack.createCompose(body);
    const early = await getStatus(id);
    expect(["pending", "building"]).toContain(early.image_status.status);

    const row = await waitForEnd(stack, id);
    expect(row.status).toBe("success");
    expect(row.finishedAt).toBeInstanceOf(Date);
    const status = await getStatus(id);
    expect(status.image_status.status).toBe("success");
    expect(status.image_status.upload_status?.type).toBe(target);
    expect(status.image_status.upload_status?.status).toBe("success");
    check(status.image_status.upload_status!.options);

    const metadata = await stack.request(`/composes/${id}/metadata`);
    expect(metadata.status).toBe(200);
    const { packages } = (await metadata.json()) as { packages: { name: string; version: string; arch: string; sigmd5: string }[] };
    expect(packages.length).toBeGreaterThan(0);
    for (const p of packages) expect(p).toMatchObject({ name: expect.any(String), version: expect.any(String), sigmd5: expect.any(String) });

    expect((await submissionsOf(stack, id)).count).toBe(1);
  }, 40_000);

  it("a failing build ends in failure with the innermost error of composer's chain", async () => {
    const id = await stack.createCompose(composeBody("guest-image", "aws.s3", {}, { packages: ["sim-fail-no-such-package"] }));
    const row = await waitForEnd(stack, id);
    expect(row.status).toBe("failure");
    const composed = await stack.simAdmin<{ plan: { failure: { error: { id: number; reason: string; details?: unknown } } } }>(`/composes/${row.composerId}`);
    // Composer's chain: wrappers (9 manifest dependency, 5 depsolve...) around the real error.
    const chain = composed.plan.failure.error;
    expect([5, 9, 26, 28]).toContain(chain.id);
    let innermost: { id: number; reason: string; details?: unknown } = chain;
    while ([5, 9, 26, 28].includes(innermost.id)) {
      const d = innermost.details;
      innermost = (Array.isArray(d) ? d[0] : d) as typeof innermost;
    }
    const status = await getStatus(id);
    expect(status.image_status.error).toEqual(innermost);
    expect([5, 9, 26, 28]).not.toContain(status.image_status.error!.id);
    expect(JSON.stringify(status.image_status.error)).toContain("sim-fail-no-such-package");
  }, 40_000);

  it("composer 4xx on submission: failure with composer's reason, and no retry", async () => {
    const before = await simStats(stack);
    const id = await stack.createCompose(
      composeBody("guest-image", "aws.s3", {}, { payload_repositories: [{ baseurl: "https://repo.example.test/el9", rhsm: false, check_gpg: true }] }),
    );
    const row = await waitForEnd(stack, id);
    expect(row.status).toBe("failure");
    expect(row.composerId).toBeNull();
    expect(row.error).toMatchObject({ id: 29, reason: expect.stringContaining("gpg") });
    await sleep(2_500); // a retry would have happened by now (backoff starts at 1 s)
    const after = await simStats(stack);
    expect(after.submissionsRejected - before.submissionsRejected).toBe(1);
    expect((await submissionsOf(stack, id)).count).toBe(0);
  }, 40_000);

  it("composer answering 5xx for a while: the compose is still submitted, exactly once", async () => {
    await stack.simAdmin("/config", { json: { serverErrorRate: 1 } });
    let id: string;
    try {
      const before = await simStats(stack);
      id = await stack.createCompose(guestImage());
      await waitFor("several refused submissions", async () => (await simStats(stack)).injectedServerErrors - before.injectedServerErrors >= 3, 15_000);
      const waiting = await readCompose(stack, id);
      expect(waiting).toMatchObject({ status: "pending", composerId: null });
    } finally {
      await stack.simAdmin("/config", { json: { serverErrorRate: 0 } });
    }
    const row = await waitForEnd(stack, id!);
    expect(row.status).toBe("success");
    expect(await submissionsOf(stack, id!)).toMatchObject({ count: 1, composerIds: [row.composerId] });
  }, 60_000);

  it("one forced 401: the token is refreshed and the build goes on", async () => {
    const before = await simStats(stack);
    await stack.simAdmin("/config", { json: { forceUnauthorized: 1 } });
    const id = await stack.createCompose(guestImage());
    const row = await waitForEnd(stack, id);
    expect(row.status).toBe("success");
    const after = await simStats(stack);
    expect(after.injectedUnauthorized - before.injectedUnauthorized).toBe(1);
    expect(after.tokensIssued - before.tokensIssued).toBeGreaterThanOrEqual(1);
    expect((await submissionsOf(stack, id)).count).toBe(1);
  }, 40_000);

  it("composer losing a submitted compose (404): failure saying so after a few polls", async () => {
    const id = await stack.createCompose(composeBody("guest-image", "aws.s3", {}, { packages: ["sim-lost"] }));
    const row = await waitForEnd(stack, id);
    expect(row.status).toBe("failure");
    expect(row.composerId).not.toBeNull();
    expect(row.error).toMatchObject({ id: 1103, reason: expect.stringContaining("404") });
  }, 40_000);

  it("the worker's /metrics counts composer calls, outcomes and queue depth", async () => {
    const text = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/image_builder_worker_composer_request_duration_seconds_count\{operation="postCompose",code="201"\} \d+/);
    expect(text).toMatch(/image_builder_worker_composer_request_duration_seconds_count\{operation="postCompose",code="400"\} 1/);
    expect(text).toMatch(/image_builder_worker_compose_outcomes_total\{status="success",reason="built"\} \d+/);
    expect(text).toMatch(/image_builder_worker_queue_jobs\{queue="composes",state="delayed"\} \d+/);
  });
});

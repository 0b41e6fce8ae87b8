import { randomUUID } from "node:crypto";
import { ComposerError } from "@ib/core/composer";
import { composeBuildPayload, jobNames, pollStepPriority } from "@ib/queue";
import type { JobsOptions } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startInProcessWorker, type InProcessWorker } from "./support/in-process";
import { status } from "./support/scripted-composer";
import { waitFor } from "./support/wait";

let w: InProcessWorker;
beforeEach(async () => {
  w = await startInProcessWorker();
});
afterEach(async () => {
  await w?.close();
});

/** This test's worker again, with other settings. */
async function restartWith(env: Record<string, string>) {
  await w.close();
  return startInProcessWorker(env);
}

async function enqueue(composeId: string, opts: JobsOptions = {}) {
  await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId }), { jobId: composeId, ...opts });
}

async function waitForJob(id: string, states: string[] = ["completed", "failed"]) {
  return waitFor(`job ${id} to finish`, async () => {
    const state = await w.queue.getJobState(id);
    return states.includes(state) ? state : undefined;
  }, 15_000, 20);
}

const retryable = (statusCode?: number, message = "boom") => new ComposerError("retryable", message, statusCode);

describe("compose.build step job", () => {
  it("submits, polls through building with progress, stores success, upload status and packages", async () => {
    const id = await w.insertCompose();
    const composerId = randomUUID();
    w.composer.postAnswers.push({ id: composerId });
    w.composer.statusAnswers.push(
      status("pending"),
      status("building", { progress: { done: 1, total: 3, subprogress: { done: 10, total: 40 } } }),
      status("success", { upload_status: { status: "success", type: "aws.s3", options: { url: "https://s3.example.test/img", extra: "dropped" } } }),
    );
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");

    const row = await w.readCompose(id);
    expect(row).toMatchObject({
      status: "success",
      composerId,
      uploadStatus: { status: "success", type: "aws.s3", options: { url: "https://s3.example.test/img" } },
      error: null,
      metadata: { packages: [expect.objectContaining({ name: "bash" })] },
    });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(w.composer.posts).toHaveLength(1);
    expect(w.composer.posts[0]!.opts?.composeId).toBe(id);
    expect(w.composer.posts[0]!.body).toMatchObject({ distribution: expect.stringMatching(/^rhel-9/), image_request: { image_type: "guest-image" } });
    expect(w.composer.statusReads).toEqual([composerId, composerId, composerId]);
    expect(w.composer.metadataReads).toEqual([composerId]);
    const job = await w.queue.getJob(id);
    // One attempt for the whole life: parking between steps (DelayedError) costs none.
    expect(job?.attemptsMade).toBe(1);
    expect(job?.data).toMatchObject({ step: "poll", composerId, polls: 2 });
  });

  it("records progress between polls", async () => {
    const id = await w.insertCompose();
    w.composer.statusAnswers.push(status("building", { progress: { done: 2, total: 5 } }));
    // Park the build after the first building report.
    w.composer.statusAnswers.push(...Array.from({ length: 200 }, () => status("building", { progress: { done: 2, total: 5 } })));
    w.startWorker();
    await enqueue(id);
    const row = await waitFor("building with progress", async () => {
      const r = await w.readCompose(id);
      return r?.status === "building" ? r : undefined;
    }, 10_000, 20);
    expect(row.progress).toEqual({ done: 2, total: 5 });
  });

  it("composer 5xx on submission: the claim is released, the retry follows the back-off, one compose in the end", async () => {
    const id = await w.insertCompose();
    w.composer.postAnswers.push(retryable(503, "composer answered 503"));
    w.startWorker();
    await enqueue(id);
    await waitFor("the first failed post", async () => w.composer.posts.length >= 1, 5_000, 10);
    expect(await waitForJob(id)).toBe("completed");
    expect(w.composer.posts).toHaveLength(2);
    // Released, so the retry waited for the 50 ms back-off, not the 600 ms lease.
    const gap = w.composer.posts[1]!.at - w.composer.posts[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(35);
    expect(gap).toBeLessThan(500);
    expect(await w.readCompose(id)).toMatchObject({ status: "success", submitAttempts: 1, lastAttemptError: "composer answered 503" });
    // The budget is the row's: waiting out a back-off costs no BullMQ attempt.
    expect((await w.queue.getJob(id))?.attemptsMade).toBe(1);
  });

  it("a compose that waits to be retried shows why: attempts, last error, next attempt; the retry is counted by reason", async () => {
    w.ctx.env.SUBMIT_BACKOFF_MS = 60_000;
    w.ctx.env.SUBMIT_BACKOFF_MAX_MS = 600_000;
    const id = await w.insertCompose();
    w.composer.postAnswers.push(retryable(500, "composer POST /compose answered 500: internal"));
    w.startWorker();
    await enqueue(id);
    const row = await waitFor("the failed attempt on the row", async () => {
      const r = await w.readCompose(id);
      return r?.submitAttempts === 1 ? r : undefined;
    }, 5_000, 10);
    expect(row).toMatchObject({ status: "pending", composerId: null, submittedAt: null, lastAttemptError: "composer POST /compose answered 500: internal" });
    const waitMs = row.nextAttemptAt!.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(30_000);
    expect(waitMs).toBeLessThanOrEqual(72_000);
    // The row is written before the job is parked: wait for the park, not just the row.
    await waitFor("the job to park until the next attempt", async () => (await w.queue.getJobState(id)) === "delayed", 5_000, 10);
    const retries = await w.ctx.metrics.submissionRetries.get();
    expect(retries.values).toEqual([expect.objectContaining({ labels: { reason: "server_error" }, value: 1 })]);

    // The back-off binds every claimant: a second job for the compose does not post before it ends.
    await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId: id }), { jobId: `${id}-twin` });
    await waitFor("the twin to park", async () => (await w.queue.getJobState(`${id}-twin`)) === "delayed", 5_000, 10);
    expect(w.composer.posts).toHaveLength(1);
  });

  it("a gateway 504 is ambiguous: the lease is kept, the next post waits for it to end", async () => {
    const id = await w.insertCompose();
    w.composer.postAnswers.push(retryable(504, "gateway timeout"));
    w.startWorker();
    await enqueue(id, { attempts: 3, backoff: { type: "fixed", delay: 20 } });
    expect(await waitForJob(id)).toBe("completed");
    expect(w.composer.posts).toHaveLength(2);
    expect(w.composer.posts[1]!.at - w.composer.posts[0]!.at).toBeGreaterThanOrEqual(550);
  });

  it("a 201 whose body cannot be read ends the compose as failure, with no second POST", async () => {
    const unreadable = await w.insertCompose();
    const noId = await w.insertCompose();
    // As the composer client reports them: the 201 arrived, its body is not usable.
    w.composer.postAnswers.push(
      retryable(201, "composer POST /compose answered 201 with a body that is not JSON"),
      retryable(201, "composer POST /compose answered 201 without a compose id"),
    );
    w.startWorker(1);
    await enqueue(unreadable, { attempts: 5, backoff: { type: "fixed", delay: 20 } });
    await enqueue(noId, { attempts: 5, backoff: { type: "fixed", delay: 20 } });
    expect(await waitForJob(unreadable)).toBe("completed");
    expect(await waitForJob(noId)).toBe("completed");
    for (const id of [unreadable, noId]) {
      const row = await w.readCompose(id);
      expect(row).toMatchObject({ status: "failure", composerId: null, error: { id: 1106, reason: expect.stringContaining("HTTP 201") } });
      expect(row?.finishedAt).toBeInstanceOf(Date);
    }
    // Some time for a retry that must not come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(w.composer.posts.map((p) => p.opts?.composeId)).toEqual([unreadable, noId]);
    const counted = await w.ctx.metrics.unreadableAcceptances.get();
    expect(counted.values).toEqual([expect.objectContaining({ labels: { code: "201" }, value: 2 })]);
  });

  it("composer 4xx on submission: failure with composer's id and reason, no retry", async () => {
    const id = await w.insertCompose();
    w.composer.postAnswers.push(
      new ComposerError("permanent", "composer POST /compose answered 400", 400, {
        id: "29",
        kind: "Error",
        code: "IMAGE-BUILDER-COMPOSER-29",
        reason: "Repository check_gpg set without a gpgkey",
        details: "payload_repositories[0]",
      }),
    );
    w.startWorker();
    await enqueue(id, { attempts: 5, backoff: { type: "fixed", delay: 20 } });
    expect(await waitForJob(id)).toBe("failed");
    const row = await w.readCompose(id);
    expect(row).toMatchObject({
      status: "failure",
      composerId: null,
      error: { id: 29, reason: "Repository check_gpg set without a gpgkey", details: "payload_repositories[0]" },
    });
    expect(w.composer.posts).toHaveLength(1);
    expect((await w.queue.getJob(id))?.attemptsMade).toBe(1);
  });

  it("the last of SUBMIT_ATTEMPTS fails the compose with the cause", async () => {
    w.ctx.env.SUBMIT_ATTEMPTS = 3;
    const id = await w.insertCompose();
    w.composer.postAnswers.push(...Array.from({ length: 3 }, () => retryable(500, "composer answered 500: internal")));
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("failed");
    const row = await w.readCompose(id);
    expect(row).toMatchObject({ status: "failure", submitAttempts: 3 });
    expect(row?.error).toEqual({ id: 1102, reason: "Composer did not accept the compose after 3 attempts: composer answered 500: internal" });
    expect(w.composer.posts).toHaveLength(3);
    // Doubling back-off from 50 ms.
    const gaps = [1, 2].map((i) => w.composer.posts[i]!.at - w.composer.posts[i - 1]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
  });

  it("a request composer could never build fails at once without calling composer", async () => {
    const id = await w.insertCompose({
      request: {
        distribution: "rhel-9",
        image_requests: [{ architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options: { share_with_sources: ["12"] } } }],
      },
    });
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    const row = await w.readCompose(id);
    expect(row?.status).toBe("failure");
    expect(row?.error).toMatchObject({ id: 1100, reason: expect.stringContaining("Unable to resolve source 12") });
    expect(w.composer.posts).toHaveLength(0);
  });

  it("status reads failing for a while cost no attempt; the build still ends", async () => {
    const id = await w.insertCompose();
    w.composer.statusAnswers.push(retryable(502), retryable(undefined, "socket hang up"), retryable(503), status("success"));
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    expect((await w.readCompose(id))?.status).toBe("success");
    expect((await w.queue.getJob(id))?.attemptsMade).toBe(1);
    expect(w.composer.statusReads).toHaveLength(4);
  });

  it("composer 404 for a submitted compose LOST_AFTER_POLLS times in a row: failure as lost", async () => {
    const id = await w.insertCompose();
    const notFound = () => new ComposerError("permanent", "composer GET answered 404", 404, "404 page not found");
    w.composer.statusAnswers.push(notFound(), status("building"), notFound(), notFound(), notFound());
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    const row = await w.readCompose(id);
    expect(row?.status).toBe("failure");
    expect(row?.error).toMatchObject({ id: 1103, reason: expect.stringContaining("404") });
    // The building answer in between reset the count: 1 + 3 refusals.
    expect(w.composer.statusReads).toHaveLength(5);
  });

  it("a failed build stores the innermost error of the chain", async () => {
    const id = await w.insertCompose();
    const inner = { id: 21, reason: "DNF error", details: "No match for argument: nope" };
    w.composer.statusAnswers.push(status("failure", { error: { id: 9, reason: "Manifest dependency failed", details: [{ id: 5, reason: "depsolve", details: [inner] }] } }));
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    expect(await w.readCompose(id)).toMatchObject({ status: "failure", error: inner, metadata: null });
    expect(w.composer.metadataReads).toHaveLength(0);
  });

  it("metadata failing at the success: the success is recorded at once, the fetch retried on its schedule, then the job ends", async () => {
    w = await restartWith({ METADATA_BACKOFF_MS: "400", METADATA_BACKOFF_MAX_MS: "800" });
    const id = await w.insertCompose();
    w.composer.metadataAnswers.push(retryable(500), retryable(503), retryable(500), retryable(500));
    w.startWorker();
    await enqueue(id);
    const recorded = await waitFor("the success on the row", async () => {
      const row = await w.readCompose(id);
      return row?.status === "success" ? { row, reads: w.composer.metadataReads.length } : undefined;
    }, 15_000, 20);
    // Recorded after the first fetch failed, not after the retries.
    expect(recorded.reads).toBe(1);
    expect(recorded.row.metadata).toBeNull();
    expect(await waitForJob(id)).toBe("completed");
    // METADATA_ATTEMPTS=3 fetches in all, then the schedule ends (the fourth answer is never asked for).
    expect(w.composer.metadataReads).toHaveLength(3);
    expect(w.composer.metadataAnswers).toHaveLength(1);
    expect(await w.readCompose(id)).toMatchObject({ status: "success", metadata: null });
    expect((await w.queue.getJob(id))?.data).toMatchObject({ step: "metadata", metadataAttempts: 2 });
  });

  it("metadata failing, then served: the metadata step stores it on the succeeded row", async () => {
    const id = await w.insertCompose();
    w.composer.metadataAnswers.push(retryable(500), { ostree_commit: "no package list yet" });
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    const row = await w.readCompose(id);
    expect(row).toMatchObject({ status: "success", metadata: { packages: [expect.objectContaining({ name: "bash" })] } });
    expect(w.composer.metadataReads).toHaveLength(3);
    const job = await w.queue.getJob(id);
    expect(job?.attemptsMade).toBe(1);
  });

  it("metadata refused (4xx) at the success: no retries, the success stays without it for the API to ask", async () => {
    const id = await w.insertCompose();
    w.composer.metadataAnswers.push(new ComposerError("permanent", "not found", 404));
    w.startWorker();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    expect(await w.readCompose(id)).toMatchObject({ status: "success", metadata: null });
    expect(w.composer.metadataReads).toHaveLength(1);
  });

  it("a compose another claimant holds waits for the lease instead of posting", async () => {
    const id = await w.insertCompose({ submittedAt: new Date() });
    w.startWorker();
    const started = Date.now();
    await enqueue(id);
    expect(await waitForJob(id)).toBe("completed");
    expect(w.composer.posts).toHaveLength(1);
    expect(w.composer.posts[0]!.at - started).toBeGreaterThanOrEqual(450);
  });

  it("a submission answered after its lease ran out loses to the re-claim and is left unfollowed", async () => {
    const id = await w.insertCompose();
    const first = randomUUID();
    const second = randomUUID();
    w.composer.postAnswers.push({ id: first }, { id: second });
    w.composer.postDelaysMs.push(1_000); // longer than the 600 ms lease
    w.startWorker();
    await enqueue(id);
    await waitFor("the slow post", async () => w.composer.posts.length === 1, 5_000, 10);
    await new Promise((resolve) => setTimeout(resolve, 700));
    // A second job for the same compose (as a restored queue could leave) claims it again.
    await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId: id }), { jobId: `${id}-twin` });
    expect(await waitForJob(id)).toBe("completed");
    expect(await waitForJob(`${id}-twin`)).toBe("completed");
    expect(w.composer.posts).toHaveLength(2);
    expect(await w.readCompose(id)).toMatchObject({ status: "success", composerId: second });
    const orphaned = await w.ctx.metrics.submissions.get();
    expect(orphaned.values.find((v) => v.labels.result === "orphaned")?.value).toBe(1);
  });

  it("a build's polls wait behind new submissions when the worker has a backlog", async () => {
    // Parked long enough that the closing worker cannot run the poll before the test promotes it.
    w.ctx.env.POLL_INITIAL_MS = 30_000;
    const followed = await w.insertCompose();
    const composerId = randomUUID();
    w.composer.postAnswers.push({ id: composerId });
    const first = w.startWorker(1);
    await enqueue(followed);
    const parked = await waitFor("the submitted compose to wait for its first poll", async () => {
      const job = await w.queue.getJob(followed);
      return (await w.queue.getJobState(followed)) === "delayed" && job?.data.step === "poll" ? job : undefined;
    }, 5_000, 10);
    expect(Number(parked.priority)).toBe(pollStepPriority);
    await first.close();

    // Its poll falls due (and is queued) while no worker runs; three new composes arrive after it.
    await parked.promote();
    w.ctx.env.POLL_INITIAL_MS = 20;
    const fresh = [await w.insertCompose(), await w.insertCompose(), await w.insertCompose()];
    for (const id of fresh) await enqueue(id);
    w.startWorker(1);
    for (const id of [followed, ...fresh]) expect(await waitForJob(id)).toBe("completed");
    const order = w.composer.calls.filter((c) => c.startsWith("post:") || c === `status:${composerId}`);
    expect(order).toEqual([`post:${followed}`, ...fresh.map((id) => `post:${id}`), `status:${composerId}`]);
  });

  it("a finished or deleted compose is not submitted", async () => {
    const done = await w.insertCompose({ status: "success" });
    const deleted = await w.insertCompose({ deleted: true });
    w.startWorker();
    await enqueue(done);
    await enqueue(deleted);
    expect(await waitForJob(done)).toBe("completed");
    expect(await waitForJob(deleted)).toBe("completed");
    expect(w.composer.posts).toHaveLength(0);
    expect((await w.readCompose(deleted))?.status).toBe("failure");
  });

  it("a bad payload or an unknown job name fails the job at once", async () => {
    w.startWorker();
    await w.queue.add(jobNames.composeBuild, { composeId: "not-a-uuid" }, { jobId: "bad-payload", attempts: 5 });
    await w.queue.add("compose.unknown", {}, { jobId: "bad-name", attempts: 5 });
    expect(await waitForJob("bad-payload")).toBe("failed");
    expect(await waitForJob("bad-name")).toBe("failed");
    const bad = await w.queue.getJob("bad-payload");
    expect(bad?.failedReason).toMatch(/invalid compose.build payload: composeId/);
    expect(bad?.attemptsMade).toBe(1);
    expect((await w.queue.getJob("bad-name"))?.failedReason).toMatch(/no processor for job name compose.unknown/);
  });
});

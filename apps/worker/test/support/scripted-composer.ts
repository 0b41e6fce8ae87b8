import { randomUUID } from "node:crypto";
import type { CallOptions, ComposerClient, ComposerComposeStatus, ComposerMetadata } from "@ib/core/composer";

type Answer<T> = T | Error;

/**
 * A composer whose answers a test scripts call by call (composer is the one external service;
 * the database and Redis stay real). Unscripted calls: POST accepts, GET says success.
 */
export class ScriptedComposer implements ComposerClient {
  posts: { body: unknown; opts?: CallOptions; at: number }[] = [];
  statusReads: string[] = [];
  metadataReads: string[] = [];
  deletes: string[] = [];
  /** Every call in order: `post:<our compose id>`, `status:<composer id>`, `delete:<composer id>`. */
  calls: string[] = [];
  postAnswers: Answer<{ id: string }>[] = [];
  statusAnswers: Answer<ComposerComposeStatus>[] = [];
  metadataAnswers: Answer<ComposerMetadata>[] = [];
  deleteAnswers: Answer<void>[] = [];
  /** How long each POST takes before it answers, in call order (then instant). */
  postDelaysMs: number[] = [];
  /** Run after each POST was accepted and before its answer leaves, in call order (a fault then). */
  beforePostAnswers: (() => Promise<void>)[] = [];

  async postCompose(body: unknown, opts?: CallOptions) {
    this.posts.push({ body, opts, at: Date.now() });
    this.calls.push(`post:${opts?.composeId}`);
    const delay = this.postDelaysMs.shift() ?? 0;
    // The answer is decided when the call arrives, as composer would.
    const answer = this.postAnswers.length > 0 ? this.postAnswers.shift()! : { id: randomUUID() };
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    await this.beforePostAnswers.shift()?.();
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async getComposeStatus(composerId: string) {
    this.statusReads.push(composerId);
    this.calls.push(`status:${composerId}`);
    return this.next(this.statusAnswers, () => status("success", { upload_status: { status: "success", type: "aws.s3", options: { url: "https://s3.example.test/x" } } }));
  }
  async getComposeMetadata(composerId: string) {
    this.metadataReads.push(composerId);
    return this.next(this.metadataAnswers, () => ({ packages: [{ type: "rpm", name: "bash", version: "5.2", release: "1", arch: "x86_64", sigmd5: "abc" }] }));
  }
  async getDistribution() {
    return {};
  }
  async ping() {}
  async deleteCompose(composerId: string) {
    this.deletes.push(composerId);
    this.calls.push(`delete:${composerId}`);
    return this.next(this.deleteAnswers, () => undefined);
  }

  private async next<T>(answers: Answer<T>[], fallback: () => T): Promise<T> {
    const answer = answers.length > 0 ? answers.shift()! : fallback();
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

export function status(
  value: ComposerComposeStatus["image_status"]["status"],
  extra: Partial<ComposerComposeStatus["image_status"]> = {},
): ComposerComposeStatus {
  const top = value === "success" ? "success" : value === "failure" ? "failure" : "pending";
  return { status: top, image_status: { status: value, ...extra } };
}

import { describe, expect, it } from "vitest";
import { awsRequest, simWithToken } from "./helpers";

describe("lifecycle load", () => {
  it("runs thousands of compose lifecycles quickly and counts them exactly", async () => {
    const { sim, submit, call } = await simWithToken({ config: { timeScale: 0 } });
    const total = 3_000;
    const started = performance.now();
    let next = 0;
    const caller = async () => {
      while (next < total) {
        const n = next++;
        const id = await submit(awsRequest, { "x-image-builder-compose-id": `load-${n}` });
        const status = (await (await call(`composes/${id}`)).json()) as { status: string };
        expect(status.status).toBe("success");
      }
    };
    await Promise.all(Array.from({ length: 32 }, caller));
    const perSecond = total / ((performance.now() - started) / 1000);
    // In-process it does several thousand a second; the bound only catches gross regressions.
    expect(perSecond).toBeGreaterThan(500);
    expect(sim.stats()).toMatchObject({ submissionsAccepted: total, submissionKeys: total, duplicateSubmissions: 0, composes: total });
    expect(sim.stats().phases.success).toBe(total);
  });
});

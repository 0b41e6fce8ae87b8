import type { ComposeState } from "@ib/core/compose-events";
import { describe, expect, it } from "vitest";
import { StateTracker } from "../src/status-events";

const state = (id: string, status: ComposeState["status"], updatedAt: number, done = 0): ComposeState => ({
  id,
  status,
  progress: status === "building" ? { done, total: 5 } : null,
  uploadStatus: null,
  error: status === "failure" ? { id: 1, reason: "cancelled" } : null,
  updatedAt: String(updatedAt),
});

describe("what one stream sends of a compose's states", () => {
  it("drops an in-flight state written before the last one sent, and a repeat of it", () => {
    const t = new StateTracker(10);
    expect(t.accept(state("a", "building", 200, 2))).toBe(true);
    expect(t.accept(state("a", "building", 100, 1))).toBe(false);
    expect(t.accept(state("a", "building", 300, 2))).toBe(false);
    expect(t.accept(state("a", "building", 400, 3))).toBe(true);
  });

  it("takes a final state stamped earlier than the last poll (a cancel that waited for the row), then nothing more", () => {
    const t = new StateTracker(10);
    expect(t.accept(state("a", "building", 500, 2))).toBe(true);
    expect(t.accept(state("a", "failure", 450))).toBe(true);
    expect(t.accept(state("a", "building", 600, 3))).toBe(false);
    expect(t.accept(state("a", "success", 700))).toBe(false);
  });

  it("tracks composes apart and forgets the oldest beyond its capacity", () => {
    const t = new StateTracker(2);
    expect(t.accept(state("a", "building", 100, 1))).toBe(true);
    expect(t.accept(state("b", "building", 100, 1))).toBe(true);
    expect(t.accept(state("c", "building", 100, 1))).toBe(true);
    // "a" was forgotten: its repeat goes out again; "c" is still known.
    expect(t.accept(state("a", "building", 100, 1))).toBe(true);
    expect(t.accept(state("c", "building", 100, 1))).toBe(false);
  });
});

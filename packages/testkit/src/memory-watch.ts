import { readFileSync, writeFileSync } from "node:fs";

/** Resident memory of a process from /proc/<pid>/status: current (VmRSS) and peak (VmHWM), bytes. */
export function memoryOf(pid: number): { rssBytes: number; peakRssBytes: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    const rssBytes = kb("VmRSS");
    if (Number.isNaN(rssBytes)) return undefined;
    return { rssBytes, peakRssBytes: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

export interface MemoryFigures {
  /** Highest resident memory seen while watched, bytes. */
  peakBytes: number;
  /** Resident memory when the watch stopped, bytes. */
  lastBytes: number;
  samples: number;
}

/**
 * Watches one process's resident memory (/proc/<pid>/status) over a stretch of time: VmRSS
 * sampled every `intervalMs`, and the kernel's own peak (VmHWM), reset at the start where we may
 * (`/proc/<pid>/clear_refs`), so a peak between two samples is not missed.
 */
export class MemoryWatch {
  private timer?: NodeJS.Timeout;
  private peak = 0;
  private last = 0;
  private samples = 0;
  private peakReset = false;

  constructor(
    readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, "5");
      this.peakReset = true;
    } catch {
      this.peakReset = false;
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    const final = this.sample();
    if (this.peakReset && final) this.peak = Math.max(this.peak, final.peakRssBytes);
    return { peakBytes: this.peak, lastBytes: this.last, samples: this.samples };
  }

  private sample() {
    const m = memoryOf(this.pid);
    if (!m) return undefined;
    this.samples++;
    this.last = m.rssBytes;
    this.peak = Math.max(this.peak, m.rssBytes);
    return m;
  }
}

export const megabytes = (bytes: number | undefined) => (bytes === undefined ? "?" : `${(bytes / 1048576).toFixed(0)} MB`);

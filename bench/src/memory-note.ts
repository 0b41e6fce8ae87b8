import { megabytes, type MemoryFigures } from "@ib/testkit";

/** "API RSS peak 180 MB, 150 MB after": a process's memory over a measured load. */
export function memoryNote(who: string, m: MemoryFigures): string {
  return `${who} RSS peak ${megabytes(m.peakBytes)}, ${megabytes(m.lastBytes)} after`;
}

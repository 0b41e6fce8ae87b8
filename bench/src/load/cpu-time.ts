import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every common architecture). */
const ticksPerSecond = 100;

/** CPU seconds (user + system) a process used so far, from /proc/<pid>/stat; undefined once it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

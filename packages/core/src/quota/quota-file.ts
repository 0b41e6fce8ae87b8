import { z } from "zod";

/** One entry of `QUOTA_FILE`: a number of composes per sliding window (nanoseconds, as Go writes durations). */
const quotaEntry = z.object({
  quota: z.number().int().min(0),
  slidingWindow: z.number().int().positive(),
});

/** `{"<org_id>": {...}, "default": {...}}`, upstream's format. */
export const quotaFileSchema = z.record(z.string(), quotaEntry);
export type QuotaFile = z.infer<typeof quotaFileSchema>;

export const NANOSECONDS_PER_MILLISECOND = 1_000_000;

/** Parses the file's text; throws an Error naming what is wrong. */
export function parseQuotaFile(text: string): QuotaFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  const parsed = quotaFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid entry at "${issue.path.join(".")}": ${issue.message}`);
  }
  return parsed.data;
}

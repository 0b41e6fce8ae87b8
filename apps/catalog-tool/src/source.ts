import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Agent, fetch } from "undici";

/** TLS material for repositories behind client certificates (the RHEL CDN and its entitlement). */
export interface SourceTls {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

/** Where repository files come from: an http(s) URL, a `file:` URL or a local directory. */
export interface RepositorySource {
  /** A file of the repository by its path relative to the repository root. */
  open(relative: string): Promise<Readable>;
  /** The same, as text. */
  readText(relative: string): Promise<string>;
  describe(relative: string): string;
  close(): Promise<void>;
}

const remote = /^https?:\/\//i;

export function openRepositorySource(location: string, options: { tls?: SourceTls; timeoutMs?: number } = {}): RepositorySource {
  if (remote.test(location)) return httpSource(location, options);
  const root = location.startsWith("file:") ? fileURLToPath(location) : path.resolve(location);
  const file = (relative: string) => path.join(root, ...relative.split("/"));
  return {
    open: (relative) => openLocal(file(relative)),
    readText: async (relative) => streamText(await openLocal(file(relative))),
    describe: file,
    close: async () => undefined,
  };
}

async function openLocal(file: string): Promise<Readable> {
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  return stream;
}

function httpSource(location: string, options: { tls?: SourceTls; timeoutMs?: number }): RepositorySource {
  const base = location.endsWith("/") ? location : `${location}/`;
  const dispatcher = new Agent({ connect: { ...options.tls } });
  const timeoutMs = options.timeoutMs ?? 120_000;
  const url = (relative: string) => new URL(relative, base).toString();
  const open = async (relative: string) => {
    const target = url(relative);
    const res = await fetch(target, { dispatcher, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`GET ${target} answered ${res.status}`);
    }
    return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  };
  return {
    open,
    readText: async (relative) => streamText(await open(relative)),
    describe: url,
    close: () => dispatcher.close(),
  };
}

async function streamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString("utf8");
}

import { spawn } from "node:child_process";
import { Readable, Transform } from "node:stream";
import zlib from "node:zlib";
import { Decompress } from "fzstd";

/**
 * A stream of the metadata file's plain bytes, chosen by its name: `.gz` (zlib), `.zst`
 * (node's zstd when it has one, else a pure JavaScript decoder), `.xz` and `.bz2` (the `xz` and
 * `bzip2` commands), anything else as is.
 */
export function decompressed(href: string, input: Readable): Readable {
  if (href.endsWith(".gz")) return input.pipe(zlib.createGunzip());
  if (href.endsWith(".zst")) return input.pipe(zstdDecompressor());
  if (href.endsWith(".xz")) return throughCommand("xz", ["-dc"], input);
  if (href.endsWith(".bz2")) return throughCommand("bzip2", ["-dc"], input);
  if (href.endsWith(".zck")) throw new Error(`${href}: zchunk metadata is not supported`);
  return input;
}

function zstdDecompressor(): Transform {
  const native = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
  if (native) return native();
  let pending: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => {
    pending.push(chunk);
  });
  const flushInto = (stream: Transform) => {
    for (const chunk of pending) stream.push(Buffer.from(chunk));
    pending = [];
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        flushInto(this);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      try {
        decoder.push(new Uint8Array(0), true);
        flushInto(this);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}

function throughCommand(command: string, args: string[], input: Readable): Readable {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  const output = child.stdout;
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.on("error", (err: NodeJS.ErrnoException) => {
    const reason = err.code === "ENOENT" ? `the ${command} command is needed to read this metadata` : err.message;
    output.destroy(new Error(reason));
  });
  child.on("close", (code) => {
    if (code !== 0 && code !== null) output.destroy(new Error(`${command} failed (${code}): ${stderr.trim()}`));
  });
  input.on("error", (err) => output.destroy(err));
  child.stdin.on("error", () => undefined); // the child's own exit reports the failure
  input.pipe(child.stdin);
  return output;
}

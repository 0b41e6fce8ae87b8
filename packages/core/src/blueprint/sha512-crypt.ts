import { createHash, randomInt } from "node:crypto";

/**
 * SHA-512 crypt (`$6$`), the scheme glibc's crypt(3) and /etc/shadow use, after Ulrich Drepper's
 * public specification "Unix crypt using SHA-256 and SHA-512". Passwords are hashed as UTF-8
 * bytes. Implemented on node:crypto because the npm packages we evaluated disagree with glibc
 * (passwords whose length is a multiple of 64 bytes, or non-ASCII passwords).
 */

const DEFAULT_ROUNDS = 5000;
const MIN_ROUNDS = 1000;
const MAX_ROUNDS = 999_999_999;
const MAX_SALT_LENGTH = 16;
const ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGEST_SIZE = 64;

interface Setting {
  salt: Buffer;
  rounds: number;
  /** The setting named its rounds: they are repeated in the output. */
  customRounds: boolean;
}

function parseSetting(setting: string): Setting {
  if (!setting.startsWith("$6$")) throw new Error("not a SHA-512 crypt setting");
  let rest = setting.slice(3);
  let rounds = DEFAULT_ROUNDS;
  let customRounds = false;
  const roundsMatch = /^rounds=(\d+)\$/.exec(rest);
  if (roundsMatch) {
    rounds = Math.min(MAX_ROUNDS, Math.max(MIN_ROUNDS, Number(roundsMatch[1])));
    customRounds = true;
    rest = rest.slice(roundsMatch[0].length);
  }
  const end = rest.indexOf("$");
  const salt = (end < 0 ? rest : rest.slice(0, end)).slice(0, MAX_SALT_LENGTH);
  return { salt: Buffer.from(salt, "utf8"), rounds, customRounds };
}

const sha512 = (...parts: Buffer[]) => {
  const h = createHash("sha512");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `source` repeated (and cut) to `length` bytes. */
function stretch(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += source.length) source.copy(out, offset, 0, Math.min(source.length, length - offset));
  return out;
}

function encode(digest: Buffer): string {
  let out = "";
  const put = (b2: number, b1: number, b0: number, chars: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < chars; i++) {
      out += ALPHABET[w & 0x3f];
      w >>>= 6;
    }
  };
  for (let i = 0; i < 21; i++) {
    const [x, y, z] = [digest[i]!, digest[i + 21]!, digest[i + 42]!];
    if (i % 3 === 0) put(x, y, z, 4);
    else if (i % 3 === 1) put(y, z, x, 4);
    else put(z, x, y, 4);
  }
  put(0, 0, digest[63]!, 2);
  return out;
}

/** Hashes `password` with the given setting (`$6$salt` or `$6$rounds=N$salt`), or a random salt. */
export function sha512Crypt(password: string, setting: string = `$6$${randomSalt()}`): string {
  const { salt, rounds, customRounds } = parseSetting(setting);
  const key = Buffer.from(password, "utf8");

  const b = sha512(key, salt, key);
  const a = createHash("sha512").update(key).update(salt).update(stretch(b, key.length));
  for (let n = key.length; n > 0; n >>>= 1) a.update(n & 1 ? b : key);
  let c = a.digest();

  const p = stretch(sha512(...Array<Buffer>(key.length).fill(key)), key.length);
  const s = stretch(sha512(...Array<Buffer>(16 + c[0]!).fill(salt)), salt.length);

  for (let i = 0; i < rounds; i++) {
    const h = createHash("sha512");
    h.update(i & 1 ? p : c);
    if (i % 3 !== 0) h.update(s);
    if (i % 7 !== 0) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }
  if (c.length !== DIGEST_SIZE) throw new Error("unexpected digest size");

  const prefix = customRounds ? `$6$rounds=${rounds}$` : "$6$";
  return `${prefix}${salt.toString("utf8")}$${encode(c)}`;
}

/** 16 random characters of the crypt alphabet. */
export function randomSalt(): string {
  let salt = "";
  for (let i = 0; i < MAX_SALT_LENGTH; i++) salt += ALPHABET[randomInt(ALPHABET.length)];
  return salt;
}

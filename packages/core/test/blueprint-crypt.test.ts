import { describe, expect, it } from "vitest";
import { isPasswordCrypted, randomSalt, sha512Crypt } from "../src/blueprint";
import { mergeStoredCredentials, userForStorage } from "../src/blueprint/passwords";

/** Vectors from Drepper's SHA-crypt specification, and glibc/OpenSSL output for edge lengths. */
const vectors: [setting: string, password: string, hash: string][] = [
  ["$6$saltstring", "Hello world!", "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"],
  [
    "$6$rounds=10000$saltstringsaltstring",
    "Hello world!",
    "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
  ],
  [
    "$6$rounds=5000$toolongsaltstring",
    "This is just a test",
    "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0",
  ],
  [
    "$6$rounds=77777$short",
    "we have a short salt string but not a short password",
    "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0",
  ],
  [
    "$6$rounds=10$roundstoolow",
    "the minimum number is still observed",
    "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.",
  ],
  // Exactly one and two digest blocks long: a case some JavaScript implementations get wrong.
  ["$6$saltstring", "a".repeat(64), "$6$saltstring$xNfEGWEsbTgq/Y30XyIRNcZdD2drPqzAwh6fXDj7D6WVE0OazIpLhya3Bird/wrtzcCJhM8Es.wueUOoZXbEi/"],
  ["$6$saltstring", "b".repeat(128), "$6$saltstring$Tw3xWHrnyiIt9arzqxpai6SFj9TEKpnyC71SDoJMitzwo3Yjq2ShkuBSBLMe75Wr4/ZtXQLBjpFjE3A9y7L2F."],
  // Non-ASCII passwords are hashed as their UTF-8 bytes, as glibc does.
  ["$6$saltstring", "pässwörd", "$6$saltstring$6PSVl254uv0cWCoUS0qzSX5NenRA/YFCwPzGA9ONu.MmmxqXTWHerEzD8WyuBl3ukfIZZU9uxLD6Bn6p7S3rG."],
  ["$6$abc", "x".repeat(65), "$6$abc$tTN1Ee5E3IOr7uuyrVMizGo9qO8/2YYCvgf1V6ChCzIvrnGd9aM3MVtCbGrxvQuSTc0VObQ.K0DEV5WdAcBkY/"],
];

describe("sha512Crypt", () => {
  for (const [setting, password, hash] of vectors) {
    it(`matches glibc for ${JSON.stringify(password.length > 20 ? `${password.slice(0, 20)}…` : password)} with ${setting}`, () => {
      expect(sha512Crypt(password, setting)).toBe(hash);
    });
  }

  it("makes a random 16 character salt with the default rounds, verifiable with its own setting", () => {
    const hash = sha512Crypt("secret");
    expect(hash).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    const setting = hash.slice(0, hash.lastIndexOf("$"));
    expect(sha512Crypt("secret", setting)).toBe(hash);
    expect(sha512Crypt("Secret", setting)).not.toBe(hash);
    expect(sha512Crypt("secret")).not.toBe(hash);
  });

  it("draws salts from the whole crypt alphabet", () => {
    const seen = new Set([...Array.from({ length: 200 }, randomSalt).join("")]);
    expect(seen.size).toBe(64);
  });

  it("refuses a setting that is not SHA-512", () => {
    expect(() => sha512Crypt("x", "$5$salt")).toThrow();
  });
});

describe("passwords of blueprint users", () => {
  it("recognizes crypted passwords as upstream does", () => {
    expect(isPasswordCrypted("$6$abc$def")).toBe(true);
    expect(isPasswordCrypted("$5$abc$def")).toBe(true);
    expect(isPasswordCrypted("$2b$10$abc")).toBe(true);
    expect(isPasswordCrypted("$1$abc$def")).toBe(false);
    expect(isPasswordCrypted("plain")).toBe(false);
  });

  it("stores plaintext as a hash, keeps hashes, drops empty fields and hasPassword", () => {
    const stored = userForStorage({ name: "a", password: "pw", ssh_key: "", hasPassword: false, groups: ["wheel"] });
    expect(stored).toEqual({ name: "a", password: expect.stringMatching(/^\$6\$/), groups: ["wheel"] });
    expect(userForStorage({ name: "b", password: "$6$x$y" })).toEqual({ name: "b", password: "$6$x$y" });
    expect(userForStorage({ name: "c", password: "", ssh_key: "k" })).toEqual({ name: "c", ssh_key: "k" });
  });

  it("inherits missing credentials from the same-named previous user; empty strings block inheritance", () => {
    const previous = [{ name: "a", password: "$6$old$hash", ssh_key: "old-key" }, { name: "b", ssh_key: "b-key" }];
    expect(mergeStoredCredentials({ name: "a" }, previous)).toEqual({ name: "a", password: "$6$old$hash", ssh_key: "old-key" });
    expect(mergeStoredCredentials({ name: "a", password: "" }, previous)).toEqual({ name: "a", password: "", ssh_key: "old-key" });
    expect(mergeStoredCredentials({ name: "a", password: "new", ssh_key: "new-key" }, previous)).toEqual({
      name: "a",
      password: "new",
      ssh_key: "new-key",
    });
    expect(mergeStoredCredentials({ name: "b", password: "pw" }, previous)).toEqual({ name: "b", password: "pw", ssh_key: "b-key" });
    expect(mergeStoredCredentials({ name: "new" }, previous)).toEqual({ name: "new" });
  });
});

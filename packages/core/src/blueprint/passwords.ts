import { sha512Crypt } from "./sha512-crypt";
import type { BlueprintUser } from "./types";

/** Upstream's heuristic (from lorax): a password that starts like a crypt hash is one. */
export function isPasswordCrypted(password: string): boolean {
  return ["$2b$", "$6$", "$5$"].some((prefix) => password.startsWith(prefix));
}

/**
 * A user as stored: a plaintext password becomes a SHA-512 crypt hash, an empty password or
 * SSH key is dropped, and the read-only `hasPassword` flag is not kept.
 */
export function userForStorage(user: BlueprintUser): BlueprintUser {
  const { hasPassword: _readOnly, password, ssh_key, ...rest } = withCryptedPassword(user);
  return { ...rest, ...(password && { password }), ...(ssh_key && { ssh_key }) };
}

/** The user with a plaintext password replaced by its hash; anything else unchanged. */
export function withCryptedPassword(user: BlueprintUser): BlueprintUser {
  const { password } = user;
  if (!password || isPasswordCrypted(password)) return user;
  return { ...user, password: sha512Crypt(password) };
}

/**
 * On update a user that does not carry both a password and an SSH key inherits the missing ones
 * from the same-named user of the previous version; an empty string (dropped later by
 * `userForStorage`) removes the field instead of inheriting it.
 */
export function mergeStoredCredentials(user: BlueprintUser, previous: readonly BlueprintUser[]): BlueprintUser {
  if (user.password && user.ssh_key) return user;
  const stored = previous.find((p) => p.name === user.name);
  if (!stored) return user;
  const merged: BlueprintUser = { ...user };
  if (merged.password === undefined && stored.password !== undefined) merged.password = stored.password;
  if (merged.ssh_key === undefined && stored.ssh_key !== undefined) merged.ssh_key = stored.ssh_key;
  return merged;
}

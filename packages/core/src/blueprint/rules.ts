import type { ErrorItem } from "../errors";
import { cleanPath } from "./clean-path";
import { checkPathPolicy, customDirectoriesPolicies, customFilesPolicies, goQuote } from "./path-policy";
import type { BlueprintRequest, FilesystemCustomization, FsNodeCustomization } from "./types";

/**
 * Blueprint rules, checked on create and update before anything is stored. Every violation is
 * collected and returned in upstream's order: name, users, files, directories, filesystem.
 */
export function checkBlueprintRules(request: BlueprintRequest): ErrorItem[] {
  const { customizations } = request;
  return [
    ...checkName(request.name),
    ...checkUsers(customizations.users ?? []),
    ...(customizations.files ?? []).flatMap((f) => checkFsNode("file", f)),
    ...(customizations.directories ?? []).flatMap((d) => checkFsNode("directory", d)),
    ...(customizations.filesystem ?? []).flatMap(checkFilesystem),
  ];
}

const nonWhitespace = /\S/;

function checkName(name: string): ErrorItem[] {
  if (nonWhitespace.test(name)) return [];
  return [{ title: "blueprint name rule violation", detail: "the blueprint name must contain at least two characters" }];
}

/** Upstream stops at the first user without a name. */
function checkUsers(users: readonly { name: string }[]): ErrorItem[] {
  const unnamed = users.some((u) => !nonWhitespace.test(u.name));
  return unnamed ? [{ title: "user rule violation", detail: "missing user name" }] : [];
}

const userNamePattern = "^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}$";
const groupNamePattern = "^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$";
const octalMode = /^[0-7]+$/;
/** Go's os.ModeType: the file type bits a mode must not carry. */
const fileTypeBits = [31n, 27n, 26n, 25n, 24n, 21n, 19n].reduce((mask, bit) => mask | (1n << bit), 0n);

function checkFsNode(kind: "file" | "directory", node: FsNodeCustomization): ErrorItem[] {
  const title = `${kind} rule violation`;
  const policy = kind === "file" ? customFilesPolicies : customDirectoriesPolicies;
  const problem = checkPathPolicy(policy, node.path) ?? checkNodeAttributes(node);
  return problem ? [{ title, detail: `${kind} ${goQuote(node.path)}: ${problem}` }] : [];
}

/** The validity checks of a file system node once its path passed the policy. */
function checkNodeAttributes(node: FsNodeCustomization): string | null {
  if (node.path.endsWith("/")) return "path must not end with a slash";
  if (node.mode !== undefined) {
    const mode = octalMode.test(node.mode) ? Number.parseInt(node.mode, 8) : NaN;
    if (!Number.isSafeInteger(mode) || mode > 0xffff_ffff) return `mode ${goQuote(node.mode)} must be an octal number`;
    if ((BigInt(mode) & fileTypeBits) !== 0n) return "mode must not contain file type bits";
  }
  return checkOwner("user", node.user, userNamePattern) ?? checkOwner("group", node.group, groupNamePattern);
}

function checkOwner(kind: "user" | "group", owner: string | number | undefined, pattern: string): string | null {
  if (owner === undefined) return null;
  if (typeof owner === "number") return owner < 0 ? `${kind} ID must be non-negative` : null;
  if (new RegExp(pattern).test(owner)) return null;
  return `${kind} name ${goQuote(owner)} doesn't conform to validating regex (${pattern})`;
}

const oneMiB = 1024 * 1024;

function checkFilesystem(fs: FilesystemCustomization): ErrorItem[] {
  const title = "filesystem rule violation";
  const errors: ErrorItem[] = [];
  const m = fs.mountpoint;
  if (m === "") errors.push({ title, detail: "mountpoint must not be empty" });
  else if (!m.startsWith("/")) errors.push({ title, detail: `mountpoint ${goQuote(m)} must be absolute` });
  else if (m !== cleanPath(m)) errors.push({ title, detail: `mountpoint ${goQuote(m)} must be canonical` });
  if (fs.min_size > 0 && fs.min_size < oneMiB) {
    errors.push({ title, detail: `mountpoint ${goQuote(m)} minimum size must be at least 1MB` });
  }
  return errors;
}

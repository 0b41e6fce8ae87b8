import { describe, expect, it } from "vitest";
import { lintCompliance, NO_TAILORING_LINT } from "../src/compliance/lint-compliance";
import { applyPolicyFixes, policyCustomizations } from "../src/compliance/policy-customizations";
import { parsePolicyBlueprint, PolicyBlueprintError } from "../src/compliance/policy-requirements";

/** A tailoring blueprint as compliance writes it. */
const cisToml = `
name = "cis"
description = "CIS tailoring"

[[packages]]
name = "aide"
version = "*"

[[packages]]
name = "audit"

[[packages]]
name = "sudo"
version = "1.9.5"

[[groups]]
name = "security-tools"

[customizations]
fips = true

[customizations.kernel]
append = "audit=1 audit_backlog_limit=8192"

[customizations.services]
enabled = ["auditd", "crond"]
masked = ["nfs-server"]
disabled = ["kdump"]

[[customizations.filesystem]]
mountpoint = "/var/log"
minsize = 1073741824

[[customizations.filesystem]]
mountpoint = "/tmp"
minsize = "512 MiB"
`;

const cis = parsePolicyBlueprint(cisToml);
const descriptions = (items: { description: string }[]) => items.map((i) => i.description);

describe("parsePolicyBlueprint", () => {
  it("reads packages, groups, filesystems with sizes, services, kernel parameters and FIPS", () => {
    expect(cis).toEqual({
      packages: ["aide", "audit", "sudo-1.9.5", "@security-tools"],
      filesystems: [
        { mountpoint: "/var/log", min_size: 1073741824 },
        { mountpoint: "/tmp", min_size: 512 * 1024 * 1024 },
      ],
      services: { enabled: ["auditd", "crond"], masked: ["nfs-server"], disabled: ["kdump"] },
      kernel: { append: ["audit=1", "audit_backlog_limit=8192"] },
      fips: true,
    });
  });

  it("reads a blueprint that only requires packages (no customizations table)", () => {
    expect(parsePolicyBlueprint('[[packages]]\nname = "aide"\n')).toEqual({
      packages: ["aide"],
      filesystems: [],
      services: { enabled: [], masked: [], disabled: [] },
      kernel: { append: [] },
      fips: false,
    });
  });

  it("an empty answer is a policy without requirements", () => {
    expect(parsePolicyBlueprint("").packages).toEqual([]);
  });

  it.each([
    ["not TOML", "[[packages]\nname="],
    ["a wrong shape", 'packages = "aide"'],
    ["a size that is not one", '[[customizations.filesystem]]\nmountpoint = "/var"\nminsize = "lots"'],
  ])("rejects %s", (_what, text) => {
    expect(() => parsePolicyBlueprint(text)).toThrow(PolicyBlueprintError);
  });
});

describe("lintCompliance", () => {
  it("reports every requirement the blueprint lacks with upstream's texts, in upstream's order", () => {
    const lint = lintCompliance(cis, {
      packages: ["aide", "vim"],
      filesystem: [{ mountpoint: "/tmp", min_size: 1 }],
      services: { enabled: ["crond"] },
      kernel: { append: "quiet audit=1" },
    });
    expect(descriptions(lint.errors)).toEqual([
      "package audit required by policy is not present",
      "package sudo-1.9.5 required by policy is not present",
      "package @security-tools required by policy is not present",
      "mountpoint /var/log required by policy is not present",
      "service auditd required as enabled by policy is not present",
      "service nfs-server required as masked by policy is not present",
      "service kdump required as disabled by policy is not present",
      "kernel command line parameter 'audit_backlog_limit=8192' required by policy not set",
      "FIPS required 'true' by policy but not set",
    ]);
    expect(lint.errors.every((e) => e.name === "Compliance")).toBe(true);
    expect(lint.warnings).toEqual([]);
  });

  it("a kernel parameter is matched as a whole word, not as a prefix", () => {
    const lint = lintCompliance(parsePolicyBlueprint('[customizations.kernel]\nappend = "audit=1"'), { kernel: { append: "audit=10" } });
    expect(descriptions(lint.errors)).toEqual(["kernel command line parameter 'audit=1' required by policy not set"]);
  });

  it("a required kernel name must be the blueprint's", () => {
    const policy = parsePolicyBlueprint('[customizations.kernel]\nname = "kernel-rt"');
    expect(descriptions(lintCompliance(policy, { kernel: { name: "kernel" } }).errors)).toEqual([
      "kernel name kernel-rt required by policy not set",
    ]);
    expect(lintCompliance(policy, { kernel: { name: "kernel-rt" } }).errors).toEqual([]);
  });

  it("no tailoring for the minor version is one error, in errors", () => {
    expect(lintCompliance(undefined, { packages: ["aide"] })).toEqual({
      errors: [{ name: "Compliance", description: NO_TAILORING_LINT }],
      warnings: [],
    });
  });

  it("warns about what the stored snapshot required and the policy no longer does", () => {
    const snapshot = policyCustomizations(cis);
    const today = parsePolicyBlueprint('[[packages]]\nname = "aide"\n[customizations.services]\nenabled = ["crond"]');
    const lint = lintCompliance(today, applyPolicyFixes({}, cis), snapshot);
    expect(lint.errors).toEqual([]);
    expect(descriptions(lint.warnings)).toEqual([
      "package audit is no longer required by policy",
      "package sudo-1.9.5 is no longer required by policy",
      "package @security-tools is no longer required by policy",
      "mountpoint /var/log is no longer required by policy",
      "mountpoint /tmp is no longer required by policy",
      "service auditd is no longer required as enabled by policy",
      "service nfs-server is no longer required as masked by policy",
      "service kdump is no longer required as disabled by policy",
      "kernel command line parameter 'audit=1' is no longer required by policy",
      "kernel command line parameter 'audit_backlog_limit=8192' is no longer required by policy",
      "FIPS is no longer required by policy",
    ]);
  });

  it("a snapshot equal to today's policy warns about nothing", () => {
    expect(lintCompliance(cis, policyCustomizations(cis), policyCustomizations(cis)).warnings).toEqual([]);
  });
});

describe("applyPolicyFixes", () => {
  it("adds what is missing, keeps what is there and everything else untouched", () => {
    const before = {
      packages: ["vim", "aide"],
      filesystem: [{ mountpoint: "/tmp", min_size: 1 }],
      services: { enabled: ["sshd"] },
      kernel: { name: "kernel", append: "quiet" },
      hostname: "build-host",
      openscap: { policy_id: "6b9bed55-153e-4315-b6c9-3e5d3985ef96" },
    };
    const fixed = applyPolicyFixes(before, cis);
    expect(fixed).toEqual({
      packages: ["vim", "aide", "audit", "sudo-1.9.5", "@security-tools"],
      filesystem: [
        { mountpoint: "/tmp", min_size: 1 },
        { mountpoint: "/var/log", min_size: 1073741824 },
      ],
      services: { enabled: ["sshd", "auditd", "crond"], masked: ["nfs-server"], disabled: ["kdump"] },
      kernel: { name: "kernel", append: "quiet audit=1 audit_backlog_limit=8192" },
      fips: { enabled: true },
      hostname: "build-host",
      openscap: { policy_id: "6b9bed55-153e-4315-b6c9-3e5d3985ef96" },
    });
    expect(before.packages).toEqual(["vim", "aide"]);
  });

  it("leaves a blueprint lint-clean", () => {
    const fixed = applyPolicyFixes({ kernel: { append: "audit=10" }, fips: { enabled: false } }, cis);
    expect(lintCompliance(cis, fixed).errors).toEqual([]);
    expect(applyPolicyFixes(fixed, cis)).toEqual(fixed);
  });

  it("the policy's customizations are the fixes applied to nothing", () => {
    expect(policyCustomizations(cis)).toEqual({
      packages: ["aide", "audit", "sudo-1.9.5", "@security-tools"],
      filesystem: [
        { mountpoint: "/var/log", min_size: 1073741824 },
        { mountpoint: "/tmp", min_size: 536870912 },
      ],
      services: { enabled: ["auditd", "crond"], masked: ["nfs-server"], disabled: ["kdump"] },
      kernel: { append: "audit=1 audit_backlog_limit=8192" },
      fips: { enabled: true },
    });
    expect(policyCustomizations(parsePolicyBlueprint(""))).toEqual({});
  });
});

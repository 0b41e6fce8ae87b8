import { describe, expect, it } from "vitest";
import { AAP_SCRIPT_PATH, AAP_SERVICE, AAP_UNIT_PATH, buildComposerRequest, type StoredCustomizations } from "../src/composer-request";
import { isDomainError } from "../src/errors";
import { catalog, settings, storedRequest } from "./composer-request.fixtures";

function customize(customizations: StoredCustomizations, distribution = "rhel-9", extraSettings = {}) {
  return buildComposerRequest(
    { catalog, settings: { ...settings, ...extraSettings } },
    { request: storedRequest({ distribution, customizations }) },
  ).customizations!;
}

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return `${err.status} ${err.detail}`;
    throw err;
  }
  throw new Error("expected a rejection");
}

const subscription = {
  organization: 2040324,
  "activation-key": "my-key",
  "server-url": "subscription.rhsm.redhat.com",
  "base-url": "http://cdn.redhat.com/",
  insights: true,
};

describe("customizations mapped one to one", () => {
  const passThrough: [string, StoredCustomizations, unknown][] = [
    ["packages", { packages: ["vim", "tmux"] }, { packages: ["vim", "tmux"] }],
    ["enabled modules", { enabled_modules: [{ name: "nodejs", stream: "22" }] }, { enabled_modules: [{ name: "nodejs", stream: "22" }] }],
    ["hostname", { hostname: "box" }, { hostname: "box" }],
    ["kernel", { kernel: { name: "kernel-debug", append: "nosmt=force" } }, { kernel: { name: "kernel-debug", append: "nosmt=force" } }],
    ["services", { services: { enabled: ["sshd"], masked: ["telnet"] } }, { services: { enabled: ["sshd"], masked: ["telnet"] } }],
    ["groups", { groups: [{ name: "admins", gid: 1010 }, { name: "devs" }] }, { groups: [{ name: "admins", gid: 1010 }, { name: "devs" }] }],
    ["timezone", { timezone: { timezone: "Europe/Prague", ntpservers: ["pool.ntp.org"] } }, { timezone: { timezone: "Europe/Prague", ntpservers: ["pool.ntp.org"] } }],
    ["locale", { locale: { languages: ["en_US.UTF-8"], keyboard: "us" } }, { locale: { languages: ["en_US.UTF-8"], keyboard: "us" } }],
    [
      "firewall",
      { firewall: { ports: ["22:tcp"], services: { enabled: ["ftp"], disabled: ["telnet"] } } },
      { firewall: { ports: ["22:tcp"], services: { enabled: ["ftp"], disabled: ["telnet"] } } },
    ],
    ["filesystem", { filesystem: [{ mountpoint: "/var", min_size: 2147483648 }] }, { filesystem: [{ mountpoint: "/var", min_size: 2147483648 }] }],
    ["partitioning mode", { partitioning_mode: "lvm" }, { partitioning_mode: "lvm" }],
    ["fips", { fips: { enabled: true } }, { fips: { enabled: true } }],
    ["installer", { installer: { unattended: true, "sudo-nopasswd": ["%wheel"] } }, { installer: { unattended: true, "sudo-nopasswd": ["%wheel"] } }],
    ["cacerts", { cacerts: { pem_certs: ["---CERT---"] } }, { cacerts: { pem_certs: ["---CERT---"] } }],
    ["installation device", { installation_device: "/dev/sda" }, { installation_device: "/dev/sda" }],
    ["fdo", { fdo: { manufacturing_server_url: "https://fdo.example.test" } }, { fdo: { manufacturing_server_url: "https://fdo.example.test" } }],
    ["ignition", { ignition: { firstboot: { url: "https://ign.example.test" } } }, { ignition: { firstboot: { url: "https://ign.example.test" } } }],
    [
      "containers",
      { containers: [{ source: "registry.example.test/app:1", name: "app", tls_verify: false }] },
      { containers: [{ source: "registry.example.test/app:1", name: "app", tls_verify: false }] },
    ],
    [
      "directories",
      { directories: [{ path: "/etc/mydir", mode: "0755", user: "root", group: 0, ensure_parents: true }] },
      { directories: [{ path: "/etc/mydir", mode: "0755", user: "root", group: 0, ensure_parents: true }] },
    ],
    [
      "disk",
      { disk: { type: "gpt", partitions: [{ type: "plain", mountpoint: "/data", fs_type: "xfs", minsize: "2 GiB" }] } },
      { disk: { type: "gpt", partitions: [{ type: "plain", mountpoint: "/data", fs_type: "xfs", minsize: "2 GiB" }] } },
    ],
  ];
  it.each(passThrough)("%s", (_name, input, expected) => {
    expect(customize(input)).toEqual(expected);
  });
});

describe("customizations that change shape", () => {
  it("users: ssh_key becomes key, hasPassword is dropped", () => {
    const out = customize({
      users: [
        { name: "alice", groups: ["wheel"], ssh_key: "ssh-ed25519 AAA", hasPassword: false },
        { name: "bob", password: "$6$abc" },
      ],
    });
    expect(out.users).toEqual([
      { name: "alice", groups: ["wheel"], key: "ssh-ed25519 AAA" },
      { name: "bob", password: "$6$abc" },
    ]);
  });

  it("subscription: organization as a string, dashed keys as snake case", () => {
    expect(customize({ subscription: { ...subscription, rhc: true } }).subscription).toEqual({
      organization: "2040324",
      activation_key: "my-key",
      server_url: "subscription.rhsm.redhat.com",
      base_url: "http://cdn.redhat.com/",
      insights: true,
      rhc: true,
    });
  });

  it("subscription: the insights proxy comes from the request, else the deployment", () => {
    const fromConfig = customize({ subscription }, "rhel-9", { insightsClientProxy: "http://proxy.example.test:3128" });
    expect(fromConfig.subscription?.insights_client_proxy).toBe("http://proxy.example.test:3128");
    const fromRequest = customize({ subscription: { ...subscription, insights_client_proxy: "http://mine:1" } }, "rhel-9", {
      insightsClientProxy: "http://proxy.example.test:3128",
    });
    expect(fromRequest.subscription?.insights_client_proxy).toBe("http://mine:1");
  });

  it("files: base64 data is decoded and data_encoding is not forwarded", () => {
    const out = customize({
      files: [
        { path: "/etc/motd", data: Buffer.from("hello\nworld ✓").toString("base64"), data_encoding: "base64", mode: "0644" },
        { path: "/etc/plain", data: "as is", data_encoding: "plain", user: 0, group: "root", ensure_parents: true },
      ],
    });
    expect(out.files).toEqual([
      { path: "/etc/motd", data: "hello\nworld ✓", mode: "0644" },
      { path: "/etc/plain", data: "as is", user: 0, group: "root", ensure_parents: true },
    ]);
  });

  it("files: invalid base64 is a 400 naming the file", () => {
    expect(rejection(() => customize({ files: [{ path: "/etc/x", data: "not base64!", data_encoding: "base64" }] }))).toBe(
      '400 file "/etc/x": data is not valid base64',
    );
  });

  it("openscap: the profile id only; compliance policies are refused", () => {
    expect(customize({ openscap: { profile_id: "xccdf_org.ssgproject.content_profile_cis", profile_name: "CIS" } }).openscap).toEqual({
      profile_id: "xccdf_org.ssgproject.content_profile_cis",
    });
    expect(rejection(() => customize({ openscap: { policy_id: "fef25b3c-b970-46da-a4e1-cc4d855b98dc" } }))).toMatch(
      /^400 Compliance policy \(fef25b3c-b970-46da-a4e1-cc4d855b98dc\)/,
    );
  });

  it("payload repositories: urls kept, rhsm defaults to false, id-only refused", () => {
    const out = customize({
      payload_repositories: [{ id: "x", baseurl: "https://repo.example.test/el9", check_gpg: true, gpgkey: "K", module_hotfixes: true }],
    });
    expect(out.payload_repositories).toEqual([
      { baseurl: "https://repo.example.test/el9", rhsm: false, check_gpg: true, gpgkey: "K", module_hotfixes: true },
    ]);
    expect(rejection(() => customize({ payload_repositories: [{ id: "cs-uuid", rhsm: false }] }))).toMatch(/^400 Payload repository cs-uuid has no baseurl/);
  });

  it("custom repositories: passed through, id-only refused", () => {
    const repo = { id: "epel", name: "EPEL", baseurl: ["https://epel.example.test/9"], gpgkey: ["K"], check_gpg: true, enabled: true };
    expect(customize({ custom_repositories: [repo] }).custom_repositories).toEqual([repo]);
    expect(rejection(() => customize({ custom_repositories: [{ id: "only-id" }] }))).toMatch(/^400 Custom repository only-id/);
  });
});

describe("derived customizations", () => {
  it("insights + openscap on RHEL 9 enables rhcd once, after the user's services", () => {
    const out = customize({ subscription, openscap: { profile_id: "p" }, services: { enabled: ["sshd"] } });
    expect(out.services).toEqual({ enabled: ["sshd", "rhcd"] });
    const already = customize({ subscription, openscap: { profile_id: "p" }, services: { enabled: ["rhcd"] } });
    expect(already.services).toEqual({ enabled: ["rhcd"] });
    expect(customize({ subscription, openscap: { profile_id: "p" } }, "centos-9").services).toEqual({ enabled: ["rhcd"] });
  });

  it("no rhcd on RHEL 10, without insights, or without openscap", () => {
    expect(customize({ subscription, openscap: { profile_id: "p" } }, "rhel-10").services).toBeUndefined();
    expect(customize({ subscription: { ...subscription, insights: false }, openscap: { profile_id: "p" } }).services).toBeUndefined();
    expect(customize({ subscription }).services).toBeUndefined();
  });

  it("AAP registration adds the script, the unit, the service and the CA", () => {
    const out = customize({
      files: [{ path: "/etc/mine", data: "x" }],
      services: { enabled: ["sshd"] },
      cacerts: { pem_certs: ["USER-CA"] },
      aap_registration: {
        ansible_callback_url: "https://aap.example.test/api/controller/v2/job_templates/9/callback/",
        host_config_key: "it's-a-key",
        tls_certificate_authority: "AAP-CA",
      },
    });
    expect(out.files!.map((f) => f.path)).toEqual(["/etc/mine", AAP_SCRIPT_PATH, AAP_UNIT_PATH]);
    const script = out.files![1]!;
    expect(script.mode).toBe("0774");
    expect(script.data).toContain(`--data 'host_config_key=it'\\''s-a-key' 'https://aap.example.test/api/controller/v2/job_templates/9/callback/'`);
    expect(script.data).not.toContain("--insecure");
    expect(out.files![2]!.data).toContain(`ExecStart=${AAP_SCRIPT_PATH}`);
    expect(out.services).toEqual({ enabled: ["sshd", AAP_SERVICE] });
    expect(out.cacerts).toEqual({ pem_certs: ["USER-CA", "AAP-CA"] });
  });

  it("AAP registration without a CA skips TLS verification only when asked", () => {
    const out = customize({
      aap_registration: { ansible_callback_url: "https://aap.example.test/cb/", host_config_key: "k", skip_tls_verification: true },
    });
    expect(out.files![0]!.data).toContain("--insecure");
    expect(out.cacerts).toBeUndefined();
    expect(out.services).toEqual({ enabled: [AAP_SERVICE] });
  });
});

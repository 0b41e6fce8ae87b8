import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createConsoleSim, type RunningConsoleSim } from "../../console-sim/src/index";
import { waitForAllEnded } from "./support/composes";
import { startStack, type Stack } from "./support/stack";

const REPO_URL = "https://cdn.console.test";
const fixture = JSON.parse(readFileSync(new URL("../../console-sim/fixtures/stack.json", import.meta.url), "utf8")) as never;
const teamTools = "3c1bb3e4-5b0a-4f8f-8a3e-2f0e4a6b7c01";
const redHatKey = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nredhat-release\n-----END PGP PUBLIC KEY BLOCK-----\n";
const teamKey = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nteam-tools\n-----END PGP PUBLIC KEY BLOCK-----\n";
/** The stack's CIS policy for RHEL 9 (a tailoring for 9.8, rhel-9's minor release). */
const cisPolicy = "fef25b3c-b970-46da-a4e1-cc4d855b98dc";
const cisProfile = "xccdf_org.ssgproject.content_profile_cis";
const tailoring = { profiles: [{ id: cisProfile, title: "CIS tailored", rules: {} }] };

let consoleRunning: RunningConsoleSim;
let stack: Stack;
beforeAll(async () => {
  consoleRunning = await createConsoleSim({ fixture }).start();
  stack = await startStack({
    simEnv: { TIME_SCALE: "0.01" },
    apiEnv: {
      CONTENT_SOURCES_URL: consoleRunning.urls.contentSources,
      CONTENT_SOURCES_REPO_URL: REPO_URL,
      CONTENT_SOURCES_REPO_PREFIX: "/api/pulp-content",
      COMPLIANCE_URL: consoleRunning.urls.compliance,
    },
  });
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await consoleRunning?.close();
}, 60_000);

// The console wizard's path (ui-client.md 2.4): a blueprint with a custom repository by id, a
// snapshot date and a compliance policy; its lint shown, fixed up, built from the blueprint,
// followed to success.
it("the wizard's blueprint with a custom repository, a snapshot date and a compliance policy is linted, fixed up and built", async () => {
  const created = await stack.request("/blueprints", {
    json: {
      name: "Red Velvet",
      description: "",
      distribution: "rhel-9",
      image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} }, snapshot_date: "2025-07-01" }],
      customizations: {
        packages: ["aide"],
        custom_repositories: [{ id: teamTools, name: "team tools" }],
        payload_repositories: [{ id: teamTools, rhsm: false }],
        openscap: { policy_id: cisPolicy },
      },
    },
  });
  expect(created.status).toBe(201);
  const { id: blueprintId } = (await created.json()) as { id: string };

  const lint = async () => ((await (await stack.request(`/blueprints/${blueprintId}`)).json()) as { lint: unknown }).lint;
  expect(await lint()).toEqual({
    errors: [
      "package audit required by policy is not present",
      "mountpoint /var/log required by policy is not present",
      "service auditd required as enabled by policy is not present",
      "service nfs-server required as masked by policy is not present",
    ].map((description) => ({ name: "Compliance", description })),
    warnings: [],
  });
  const fixed = await stack.request(`/experimental/blueprints/${blueprintId}/fixup`, { method: "POST" });
  expect(fixed.status).toBe(201);
  expect(await lint()).toEqual({ errors: [], warnings: [] });

  const composed = await stack.request(`/blueprints/${blueprintId}/compose`, { json: {} });
  expect(composed.status).toBe(201);
  const [{ id }] = (await composed.json()) as [{ id: string }];

  const [row] = await waitForAllEnded(stack, [id], 120_000);
  expect(row?.status).toBe("success");
  const { request } = await stack.simAdmin<{ request: Record<string, unknown> }>(`/composes/${row!.composerId}`);
  expect(request).toEqual({
    distribution: "rhel-9.6",
    blueprint_id: blueprintId,
    customizations: {
      packages: ["aide", "audit"],
      filesystem: [{ mountpoint: "/var/log", min_size: 1073741824 }],
      services: { enabled: ["auditd"], masked: ["nfs-server"] },
      openscap: { profile_id: cisProfile, policy_id: cisPolicy, json_tailoring: { profile_id: cisProfile, filepath: "/etc/osbuild/openscap-tailoring.json" } },
      directories: [{ path: "/etc/osbuild" }],
      files: [{ path: "/etc/osbuild/openscap-tailoring.json", data: JSON.stringify(tailoring) }],
      custom_repositories: [
        {
          id: teamTools,
          name: "team tools",
          baseurl: ["https://content.console-sim.test/api/pulp-content/000000/team-tools/2025-05-20/"],
          enabled: false,
          gpgkey: [teamKey],
          check_gpg: true,
          module_hotfixes: true,
          check_repo_gpg: true,
        },
      ],
      payload_repositories: [
        { baseurl: `${REPO_URL}/api/pulp-content/000000/team-tools/2025-05-20`, rhsm: false, gpgkey: teamKey, check_gpg: true, module_hotfixes: true, check_repo_gpg: true },
      ],
    },
    image_request: {
      architecture: "x86_64",
      image_type: "guest-image",
      repositories: [
        { baseurl: `${REPO_URL}/api/pulp-content/red-hat/rhel9-baseos/2025-06-01`, rhsm: false, gpgkey: redHatKey, check_gpg: true, module_hotfixes: false, check_repo_gpg: false },
        { baseurl: `${REPO_URL}/api/pulp-content/red-hat/rhel9-appstream/2025-06-01`, rhsm: false, gpgkey: redHatKey, check_gpg: true, module_hotfixes: false, check_repo_gpg: false },
      ],
      upload_options: { region: "us-east-1" },
    },
  });
}, 180_000);

import { composes, eq } from "@ib/db";
import fc from "fast-check";
import { blueprintBody } from "../blueprints.fixtures";
import { composeBody } from "../composes.fixtures";
import type { TestApi } from "../harness";
import { validIdentities } from "./identities";
import type { Hints } from "./schema-arbitrary";

/** A compliance policy of the fuzzing org in console-sim (RHEL 9, a tailoring for rhel-9's minor release). */
export const FUZZ_POLICY = "5f0a8b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b";
export const fuzzPolicies = [
  {
    id: FUZZ_POLICY,
    ref_id: "xccdf_org.ssgproject.content_profile_cis",
    os_major_version: 9,
    tailorings: { "8": { json: { profiles: [] }, toml: '[[packages]]\nname = "aide"\n\n[customizations.services]\nenabled = ["auditd"]\n' } },
  },
];

const guestImage = { architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } };
const awsImage = { architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options: { share_with_accounts: ["123456789012"] } } };

async function created(res: Response, what: string): Promise<string[]> {
  const text = await res.text();
  if (res.status !== 201) throw new Error(`seeding ${what} answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as { id: string } | { id: string }[];
  return Array.isArray(body) ? body.map((b) => b.id) : [body.id];
}

/** Composes in each state a worker leaves them, so status and metadata reads have something to show. */
async function settleComposes(api: TestApi, ids: string[]): Promise<void> {
  const packages = [{ type: "rpm", name: "bash", version: "5.1", release: "1.el9", arch: "x86_64", sigmd5: "abc", epoch: "0" }];
  const states = [
    {
      status: "success" as const,
      uploadStatus: { status: "success", type: "aws.s3", options: { url: "https://bucket.example.com/image.qcow2" } },
      metadata: { packages, ostree_commit: "deadbeef" },
    },
    { status: "failure" as const, error: { id: 10, reason: "Failed to build", details: ["depsolve failed"] } },
    { status: "building" as const, progress: { done: 2, total: 5, subprogress: { done: 1, total: 3 } } },
    { status: "success" as const, uploadStatus: { status: "success", type: "aws", options: { ami: "ami-0123", region: "us-east-1" } } },
    { status: "success" as const, uploadStatus: { status: "success", type: "gcp", options: { project_id: "p", image_name: "i" } } },
  ];
  for (const [i, state] of states.entries()) {
    await api.deps.db.db.update(composes).set(state).where(eq(composes.id, ids[i]!));
  }
}

/**
 * Composes and blueprints of the fuzzing org, so that valid requests name resources that
 * exist; and the hints that steer generated values to them and to what the repository's
 * catalog (distributions/) can build: rhel-9, centos-9 or rhel-10 on x86_64, a guest image on
 * S3 or an AMI, the OpenSCAP profiles that have customizations.
 */
export async function seedResources(api: TestApi): Promise<Hints> {
  const identity = validIdentities.owner;
  const post = (path: string, json: unknown) =>
    api.request(`/api/image-builder/v1${path}`, { method: "POST", json, identity });
  const composeIds: string[] = [];
  const blueprintIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    composeIds.push(...(await created(await post("/compose", composeBody({ image_name: `fuzz-${i}` })), "a compose")));
    const [id] = await created(await post("/blueprints", blueprintBody({ name: `fuzz-blueprint-${i}` })), "a blueprint");
    blueprintIds.push(id!);
  }
  composeIds.push(...(await created(await post(`/blueprints/${blueprintIds[0]}/compose`, {}), "a blueprint compose")));
  await settleComposes(api, composeIds);
  const anyId = fc.constantFrom(...composeIds, ...blueprintIds);
  return {
    byName: {
      composeId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...composeIds) }, { weight: 1, arbitrary: anyId }),
      id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...blueprintIds) }, { weight: 1, arbitrary: anyId }),
      distribution: fc.constantFrom("rhel-9", "centos-9", "rhel-10"),
      distro: fc.constantFrom("rhel-9", "centos-9", "rhel-10"),
      profile: fc.constantFrom(
        "xccdf_org.ssgproject.content_profile_cis_server_l1",
        "xccdf_org.ssgproject.content_profile_cis_workstation_l1",
        "xccdf_org.ssgproject.content_profile_stig",
      ),
      search: fc.constantFrom("vim", "kernel", "python3", "a"),
      policy: fc.constant(FUZZ_POLICY),
      policy_id: fc.constant(FUZZ_POLICY),
      version: fc.constantFrom(-1, 1, 2),
      blueprint_version: fc.constantFrom(-1, 1),
      architecture: fc.constant("x86_64"),
      arch: fc.constant("x86_64"),
      // Together: a guest image goes to S3.
      image_type: fc.constant("guest-image"),
      upload_request: fc.constant(guestImage.upload_request),
    },
    byComponent: { ImageRequest: fc.constantFrom(guestImage, awsImage) },
  };
}

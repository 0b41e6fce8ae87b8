import { encodeIdentity } from "@ib/core";

const PREFIX = "/api/image-builder/v1";

export interface ComposeChoice {
  distribution: string;
  architecture: string;
  imageType: string;
}

/** What the mix needs from the service before it starts: names it then requests. */
export interface Discovered {
  distributions: string[];
  compose: ComposeChoice;
}

export interface Request {
  /** The name it is reported under (the route, not the raw URL). */
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  identity: string;
}

/**
 * Upstream's load mix, weighted as an interactive console session: package searches most, then
 * the distribution list and each distribution's architectures, the version, and a compose. The
 * compose asks for a package no repository has, like upstream's load test, so a real composer
 * refuses the depsolve and nothing is built.
 */
const weights = [
  ["GET /packages", 4],
  ["GET /distributions", 2],
  ["GET /architectures/{distribution}", 2],
  ["GET /version", 1],
  ["POST /compose", 1],
] as const;
const totalWeight = weights.reduce((n, [, w]) => n + w, 0);
const searches = ["vim", "ssh", "kernel", "python3", "httpd", "tmux", "podman", "git"];

export const LOADTEST_PACKAGE = "image-builder-loadtest-no-such-package";

export class LoadMix {
  private composes = 0;

  constructor(
    private readonly discovered: Discovered,
    private readonly identity: string | undefined,
    private readonly runId: string,
    private readonly random: () => number = Math.random,
  ) {}

  /** The identity of an ordinary request: the given one, else one org for the run. */
  private readIdentity(): string {
    return this.identity ?? encodeIdentity({ orgId: `loadtest-${this.runId}` });
  }

  next(): Request {
    let pick = this.random() * totalWeight;
    const [name] = weights.find(([, w]) => (pick -= w) < 0) ?? weights[0];
    const pickFrom = <T>(list: readonly T[]) => list[Math.floor(this.random() * list.length)]!;
    const { compose } = this.discovered;
    switch (name) {
      case "GET /packages": {
        const q = new URLSearchParams({ distribution: compose.distribution, architecture: compose.architecture, search: pickFrom(searches) });
        return { name, method: "GET", path: `${PREFIX}/packages?${q}`, identity: this.readIdentity() };
      }
      case "GET /distributions":
        return { name, method: "GET", path: `${PREFIX}/distributions`, identity: this.readIdentity() };
      case "GET /architectures/{distribution}":
        return { name, method: "GET", path: `${PREFIX}/architectures/${pickFrom(this.discovered.distributions)}`, identity: this.readIdentity() };
      case "GET /version":
        return { name, method: "GET", path: `${PREFIX}/version`, identity: this.readIdentity() };
      case "POST /compose": {
        // Without a given identity every compose has an org of its own: quotas never refuse.
        const identity = this.identity ?? encodeIdentity({ orgId: `loadtest-${this.runId}-${this.composes++}` });
        const body = JSON.stringify({
          image_name: "loadtest",
          distribution: compose.distribution,
          image_requests: [{ architecture: compose.architecture, image_type: compose.imageType, upload_request: { type: "aws.s3", options: {} } }],
          customizations: { packages: [LOADTEST_PACKAGE] },
        });
        return { name, method: "POST", path: `${PREFIX}/compose`, body, identity };
      }
    }
  }
}

/** Reads the distribution list and picks a compose every entitled org may run (guest-image on x86_64, rhel-9 first). */
export async function discover(root: string, identity: string): Promise<Discovered> {
  const get = async (path: string) => {
    const res = await fetch(`${root}${PREFIX}${path}`, { headers: { "x-rh-identity": identity } });
    if (!res.ok) throw new Error(`GET ${PREFIX}${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json() as Promise<unknown>;
  };
  const distributions = ((await get("/distributions")) as { name: string }[]).map((d) => d.name);
  if (distributions.length === 0) throw new Error("the service lists no distribution");
  const ordered = [...distributions].sort((a, b) => Number(b === "rhel-9") - Number(a === "rhel-9"));
  for (const distribution of ordered) {
    const archs = (await get(`/architectures/${distribution}`)) as { arch: string; image_types: string[] }[];
    const x86 = archs.find((a) => a.arch === "x86_64");
    if (x86?.image_types.includes("guest-image")) return { distributions, compose: { distribution, architecture: "x86_64", imageType: "guest-image" } };
  }
  throw new Error("no distribution offers guest-image on x86_64");
}

import { randomUUID } from "node:crypto";
import { type Random, alphanumeric, hex } from "./random";
import type { UploadType } from "./schemas/upload-options";

export interface UploadTargetPlan {
  type: UploadType;
  options: Record<string, unknown>;
}

const fileExtensions: Record<string, string> = {
  "guest-image": "qcow2",
  vsphere: "vmdk",
  "vsphere-ova": "ova",
  wsl: "wsl",
  "edge-commit": "tar",
  "iot-commit": "tar",
  "edge-container": "tar",
  "iot-container": "tar",
  "pxe-tar-xz": "tar.xz",
  "minimal-raw": "raw.xz",
  "iot-raw-image": "raw.xz",
  oci: "qcow2",
};

function artifactName(imageType: string): string {
  const extension = fileExtensions[imageType] ?? (imageType.includes("installer") || imageType.endsWith("iso") ? "iso" : "raw");
  return `composer-api-${randomUUID()}-disk.${extension}`;
}

/** The `options` of a successful upload status, per target type (composer's *UploadStatus shapes). */
export function uploadResult(target: UploadTargetPlan, imageType: string, random: Random): Record<string, unknown> {
  const requested = target.options;
  const region = typeof requested.region === "string" ? requested.region : "us-east-1";
  switch (target.type) {
    case "aws":
      return { ami: `ami-${hex(random, 17)}`, region };
    case "aws.s3": {
      const name = artifactName(imageType);
      return {
        url: `https://image-builder-service-production.s3.${region}.amazonaws.com/${name}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${alphanumeric(random, 20).toUpperCase()}%2F${region}%2Fs3%2Faws4_request&X-Amz-Expires=21600&X-Amz-Signature=${hex(random, 64)}`,
      };
    }
    case "gcp":
      return {
        project_id: "ascendant-braid-303513",
        image_name: typeof requested.image_name === "string" ? requested.image_name : `composer-api-${randomUUID()}`,
      };
    case "azure":
      return { image_name: typeof requested.image_name === "string" ? requested.image_name : `composer-api-${randomUUID()}` };
    case "oci.objectstorage":
      return {
        url: `https://objectstorage.us-ashburn-1.oraclecloud.com/p/${alphanumeric(random, 64)}/n/${alphanumeric(random, 12)}/b/image-builder/o/${artifactName(imageType)}`,
      };
    case "container": {
      const name = typeof requested.name === "string" ? requested.name : "osbuild";
      const tag = typeof requested.tag === "string" ? requested.tag : "latest";
      return { url: `quay.io/image-builder/${name}:${tag}`, digest: `sha256:${hex(random, 64)}` };
    }
    case "local":
      return { artifact_path: `/var/lib/osbuild-composer/artifacts/${randomUUID()}/${artifactName(imageType)}` };
  }
}

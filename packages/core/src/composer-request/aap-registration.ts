import type { ComposerFile, StoredAapRegistration } from "./types";

export const AAP_FIRST_BOOT_NAME = "aap-first-boot-reg";
export const AAP_SCRIPT_PATH = `/usr/local/sbin/${AAP_FIRST_BOOT_NAME}`;
export const AAP_UNIT_PATH = `/etc/systemd/system/${AAP_FIRST_BOOT_NAME}.service`;
export const AAP_SERVICE = `${AAP_FIRST_BOOT_NAME}.service`;

/**
 * Ansible Automation Platform registration on first boot: a script that calls the job
 * template's provisioning callback with the host config key, and a oneshot unit that runs
 * it once the network is up and never again.
 */
export function aapRegistrationFiles(aap: StoredAapRegistration): ComposerFile[] {
  const insecure = aap.skip_tls_verification ? " --insecure" : "";
  const script = [
    "#!/usr/bin/bash",
    "",
    `curl --silent --show-error --include${insecure} --data ${shellQuote(`host_config_key=${aap.host_config_key}`)} ${shellQuote(aap.ansible_callback_url)}`,
    "",
  ].join("\n");
  const unit = [
    "[Unit]",
    "Description=Ansible Automation Platform first boot registration",
    `ConditionFileIsExecutable=${AAP_SCRIPT_PATH}`,
    `ConditionPathExists=!/var/local/.${AAP_FIRST_BOOT_NAME}-done`,
    "Wants=network-online.target",
    "After=network-online.target",
    "After=osbuild-first-boot.service",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${AAP_SCRIPT_PATH}`,
    `ExecStartPost=/usr/bin/touch /var/local/.${AAP_FIRST_BOOT_NAME}-done`,
    "RemainAfterExit=yes",
    "",
    "[Install]",
    "WantedBy=basic.target",
    "",
  ].join("\n");
  return [
    { path: AAP_SCRIPT_PATH, mode: "0774", data: script, ensure_parents: true },
    { path: AAP_UNIT_PATH, data: unit, ensure_parents: true },
  ];
}

/** One shell word whatever the value holds. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

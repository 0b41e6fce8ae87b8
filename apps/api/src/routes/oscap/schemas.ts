import { z } from "@hono/zod-openapi";

export const profileIds = [
  "xccdf_org.ssgproject.content_profile_anssi_bp28_enhanced",
  "xccdf_org.ssgproject.content_profile_anssi_bp28_high",
  "xccdf_org.ssgproject.content_profile_anssi_bp28_intermediary",
  "xccdf_org.ssgproject.content_profile_anssi_bp28_minimal",
  "xccdf_org.ssgproject.content_profile_ccn_advanced",
  "xccdf_org.ssgproject.content_profile_ccn_basic",
  "xccdf_org.ssgproject.content_profile_ccn_intermediate",
  "xccdf_org.ssgproject.content_profile_cis",
  "xccdf_org.ssgproject.content_profile_cis_server_l1",
  "xccdf_org.ssgproject.content_profile_cis_workstation_l1",
  "xccdf_org.ssgproject.content_profile_cis_workstation_l2",
  "xccdf_org.ssgproject.content_profile_cui",
  "xccdf_org.ssgproject.content_profile_e8",
  "xccdf_org.ssgproject.content_profile_hipaa",
  "xccdf_org.ssgproject.content_profile_ism_o",
  "xccdf_org.ssgproject.content_profile_ospp",
  "xccdf_org.ssgproject.content_profile_pci-dss",
  "xccdf_org.ssgproject.content_profile_standard",
  "xccdf_org.ssgproject.content_profile_stig",
  "xccdf_org.ssgproject.content_profile_stig_gui",
] as const;

export const DistributionProfileItem = z.enum(profileIds).openapi("DistributionProfileItem");

export const DistributionProfileResponse = z
  .array(DistributionProfileItem)
  .openapi("DistributionProfileResponse", { description: "List of profiles for a given distribution" });

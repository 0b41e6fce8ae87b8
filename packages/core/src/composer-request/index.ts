export * from "./types";
export { buildComposerRequest, type BuildComposerRequestInput, type ComposerRequestServices } from "./build-composer-request";
export { composerImageType, composerUploadOptions } from "./upload-target";
export { catalogRepositories } from "./repositories";
export { composerCustomizations, policyRefusal } from "./customizations";
export { AAP_SCRIPT_PATH, AAP_SERVICE, AAP_UNIT_PATH } from "./aap-registration";

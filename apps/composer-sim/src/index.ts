export { createComposerSim, type ComposerSim, type ComposerSimOptions, type RunningSim } from "./sim";
export { defaultSimConfig, type SimConfig, type SimConfigPatch } from "./config";
export { submissionKeyHeader } from "./routes/composes";
export { seededRandom } from "./random";

import { prepareTemplateDatabase } from "../packages/db/src/testing";

/** Once per run: the migrated template every test file clones its own database from. */
export default async function setup() {
  await prepareTemplateDatabase();
}

import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noDatabaseInRoutes = {
  patterns: [
    { group: ["drizzle-orm", "drizzle-orm/*", "@ib/db", "@ib/db/*", "postgres"], message: "Routes call core verbs; SQL lives in packages/db and packages/core." },
  ],
};
const noHttpOrQueueRuntimeInCore = {
  patterns: [
    { group: ["hono", "hono/*", "@hono/*"], message: "packages/core is transport-free: no Hono." },
    { group: ["bullmq", "ioredis", "@ib/queue"], message: "packages/core does not import the queue runtime; take a port (ComposeDispatcher)." },
  ],
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/drizzle/**", "**/.turbo/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  { files: ["apps/api/src/routes/**/*.ts"], rules: { "no-restricted-imports": ["error", noDatabaseInRoutes] } },
  { files: ["packages/core/src/**/*.ts"], rules: { "no-restricted-imports": ["error", noHttpOrQueueRuntimeInCore] } },
  { files: ["packages/db/src/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@ib/core", "@ib/core/*"], message: "db never imports core." }] }] } },
);

// How every app bundles its entry point into dist/main.js (each app's `build` script points here).
// Workspace packages (@ib/*) publish TypeScript sources, so they are bundled in, together with the
// libraries only they depend on; the app's own dependencies stay external and load from
// node_modules. Bundled CommonJS libraries call `require` for Node built-ins, which an ES module
// lacks: the banner provides one.
export default {
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@ib\//],
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
};

import { databaseUrlFromEnv } from "./client";
import { runMigrations } from "./migrate";

const url = databaseUrlFromEnv();
runMigrations(url)
  .then(() => {
    console.log(JSON.stringify({ level: "info", msg: "migrations applied", database: new URL(url).pathname.slice(1) }));
  })
  .catch((err: unknown) => {
    console.error(JSON.stringify({ level: "error", msg: "migration failed", err: String(err) }));
    process.exit(1);
  });

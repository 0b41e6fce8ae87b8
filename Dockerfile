# syntax=docker/dockerfile:1
#
# One image per process, from one build:
#   docker build --target api          -t image-builder-api .
#   docker build --target worker       -t image-builder-worker .
#   docker build --target composer-sim -t image-builder-composer-sim .
#   docker build --target console-sim  -t image-builder-console-sim .
#   docker build --target migrate      -t image-builder-migrate .
# docker-compose.yml builds all five. Runtime images hold the bundled app (dist/main.js), the
# production dependencies it loads, and nothing else; they run as the unprivileged `node` user.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# pnpm and every package of the lockfile. `pnpm fetch` needs only the lockfile, so this layer is
# rebuilt when dependencies change, not when source code does.
FROM ${NODE_IMAGE} AS fetch
ARG PNPM_VERSION=10
ENV CI=true
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch

# ---------------------------------------------------------------------------------------------
# Full install and build: apps/*/dist/main.js (tsup, see tsup.config.ts) and a self-contained
# migration runner in packages/db/dist (packages/db has no build of its own; the apps' tsup
# bundles it with drizzle and postgres.js, so the migrate image needs no node_modules).
FROM fetch AS build
COPY . .
RUN pnpm install --frozen-lockfile --offline \
    && pnpm build \
    && pnpm --filter @ib/api exec tsup ../../packages/db/src/migrate-cli.ts \
         --config ../../tsup.config.ts --out-dir ../../packages/db/dist \
    && mkdir -p distributions

# ---------------------------------------------------------------------------------------------
# Production dependencies only (no tsup, vitest, eslint, drizzle-kit...). `pnpm fetch` filled
# node_modules/.pnpm with every package; start from an empty one so only production ones remain.
FROM fetch AS prod-deps
COPY . .
RUN rm -rf node_modules && pnpm install --frozen-lockfile --offline --prod

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules

# ---------------------------------------------------------------------------------------------
# One-shot: creates the database when missing and applies pending migrations (advisory-locked,
# safe to run twice), then exits 0.
FROM ${NODE_IMAGE} AS migrate
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=build /app/packages/db/package.json ./packages/db/package.json
COPY --from=build /app/packages/db/drizzle ./packages/db/drizzle
COPY --from=build /app/packages/db/dist ./packages/db/dist
USER node
CMD ["node", "packages/db/dist/migrate-cli.js"]

# ---------------------------------------------------------------------------------------------
# The composer simulator (cloud API v2 + token endpoint), for development and load tests.
FROM runtime AS composer-sim
COPY --from=prod-deps /app/apps/composer-sim/package.json ./apps/composer-sim/package.json
COPY --from=prod-deps /app/apps/composer-sim/node_modules ./apps/composer-sim/node_modules
COPY --from=build /app/apps/composer-sim/dist ./apps/composer-sim/dist
ENV PORT=8700 \
    HOST=0.0.0.0
EXPOSE 8700
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8700)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/composer-sim/dist/main.js"]

# ---------------------------------------------------------------------------------------------
# The console services simulator (content-sources, compliance, provisioning, recommendations).
FROM runtime AS console-sim
COPY --from=prod-deps /app/apps/console-sim/package.json ./apps/console-sim/package.json
COPY --from=prod-deps /app/apps/console-sim/node_modules ./apps/console-sim/node_modules
COPY --from=build /app/apps/console-sim/dist ./apps/console-sim/dist
COPY apps/console-sim/fixtures ./apps/console-sim/fixtures
ENV PORT=8710 \
    HOST=0.0.0.0
EXPOSE 8710
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8710)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/console-sim/dist/main.js"]

# ---------------------------------------------------------------------------------------------
# The worker: submits composes to composer and follows them. Scale with more containers.
FROM runtime AS worker
COPY --from=prod-deps /app/apps/worker/package.json ./apps/worker/package.json
COPY --from=prod-deps /app/apps/worker/node_modules ./apps/worker/node_modules
COPY --from=build /app/apps/worker/dist ./apps/worker/dist
COPY --from=build /app/distributions ./distributions
ENV DISTRIBUTIONS_DIR=/app/distributions \
    METRICS_PORT=8087
EXPOSE 8087
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||8087)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/worker/dist/main.js"]

# ---------------------------------------------------------------------------------------------
# The HTTP API on :8086. Last, so a plain `docker build .` builds it.
FROM runtime AS api
ARG BUILD_COMMIT=""
ARG BUILD_TIME=""
COPY --from=prod-deps /app/apps/api/package.json ./apps/api/package.json
COPY --from=prod-deps /app/apps/api/node_modules ./apps/api/node_modules
COPY --from=build /app/apps/api/dist ./apps/api/dist
COPY --from=build /app/distributions ./distributions
ENV LISTEN_ADDRESS=0.0.0.0:8086 \
    DISTRIBUTIONS_DIR=/app/distributions \
    BUILD_COMMIT=${BUILD_COMMIT} \
    BUILD_TIME=${BUILD_TIME}
EXPOSE 8086
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:8086/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/api/dist/main.js"]

# One image for every service of the distributed setup; the compose file picks
# the entry point. Node 24 runs the TypeScript sources directly (type stripping).
FROM node:24-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY services ./services
# Every workspace of the lockfile must be present for npm ci, the benchmarks' included.
COPY bench ./bench
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The web console the platform serves at `/` (its build is not in git).
RUN node services/console/node/ensureBuilt.ts
ENV NODE_ENV=production HOST=0.0.0.0
USER node
CMD ["node", "services/platform/src/main.ts"]

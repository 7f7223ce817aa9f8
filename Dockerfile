# The services (gateway, processor, sinks, connector watchdog, setup) in one image; the command
# chooses which one runs (docker-compose.yml). Built with `npm run build` (tsconfig.build.json).

# 1. Compile: every dependency, the sources, tsc into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. The dependencies the services run with (no tsx, TypeScript, test or lint tools).
FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The runtime: node, the production dependencies, the build, and the files the services read
#    at run time, at the same paths as in the checkout (platform/project-root.ts finds them from
#    dist/; schemas/, connect/ and migrations/ each say where theirs are in location.ts).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY migrations/*.sql ./migrations/
COPY connect/*.json ./connect/
COPY gateway/web ./gateway/web
USER node
CMD ["node", "dist/gateway/main.js"]

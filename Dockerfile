# The identity subgraph as a container: built with tsc in one stage, run as the unprivileged
# `node` user on production dependencies only, on Node 24 (the LTS line package.json's engines ask for).
#   docker build -t identity-subgraph .
#   docker run -p 4001:4001 -e NODE_ENV=production -e HOST=0.0.0.0 -e DATABASE_URL=... \
#     -e SECRETS_KEY=... -e AUTH_JWT_SECRET=... identity-subgraph

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency install scripts: the image's Node is the one the project pins as the `node`
# development dependency for machines with an older Node, whose install script would download it again.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY test ./test
COPY demo ./demo
COPY schema ./schema
COPY drizzle ./drizzle
RUN npm run build

FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Fixes to dependencies that their releases lack yet (patches/README.md), applied by postinstall.
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4001 DATA_DIR=/app/.data
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
# Migrations are read at start (the server migrates, as does `identity-subgraph migrate`).
COPY drizzle ./drizzle
COPY schema ./schema
RUN mkdir -p -m 700 /app/.data && chown node:node /app/.data
USER node
EXPOSE 4001
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4001)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/index.js"]

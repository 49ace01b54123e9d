# Dateline in a container: built in one stage, run as an unprivileged user in a slim one.
# docker build -t dateline . && docker run --env-file .env -v "$PWD/seeds:/app/seeds" dateline

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# A production install builds dist/ in its prepare step; the compiler is not needed after that.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/typescript node_modules/@types

FROM node:20-slim
ENV NODE_ENV=production \
    SEEDS_DIR=/app/seeds \
    SNAPSHOT_DIR=/var/cache/dateline \
    DATA_DIR=/var/lib/dateline \
    METRICS_PORT=9464 \
    METRICS_HOST=0.0.0.0 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Word vectors for passage choice, read from dist/src/engine as ../../../models.
COPY models ./models
COPY seeds ./seeds
RUN mkdir -p /var/cache/dateline /var/lib/dateline \
 && chown -R node:node /app/seeds /var/cache/dateline /var/lib/dateline
USER node
# The coverage, the index snapshots, and the question log with readers' feedback.
VOLUME ["/app/seeds", "/var/cache/dateline", "/var/lib/dateline"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1: it receives SIGTERM from `docker stop`, finishes answers in flight and exits 0.
CMD ["node", "dist/src/bot.js"]

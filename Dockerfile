# Scout: build the TypeScript once, run the JavaScript on Node 24 LTS.
# docker build -t scout . && docker run --env-file .env -p 3000:3000 -v scout-data:/app/data scout
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY views ./views
RUN npm run build

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production STORE_URL=sqlite:///app/data/scout.sqlite PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Only the app: the API double (mock-api/), the playground (playground/), tests and benchmarks stay
# out of the image. Without SLACK_BOT_TOKEN the image stops with one line naming it (no playground).
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]

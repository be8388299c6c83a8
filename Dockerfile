# loadgen's container image, for running it beside the cluster it loads (Kubernetes: deploy/k8s/).
#   docker build -t loadgen .   then push it where the cluster pulls from and set the image in deploy/k8s/job.yaml.
# Two stages: the first builds (node-rdkafka compiles librdkafka with TLS, SASL and every codec; node-gyp
# builds loadgen's addon; TypeScript compiles), the second runs with only the libraries the run loads.
FROM node:20-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 libssl-dev libsasl2-dev libzstd-dev liblz4-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /loadgen
COPY . .
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 libsasl2-2 libsasl2-modules libzstd1 liblz4-1 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The same path as in the build: librdkafka and the addon are found by the paths they were linked with.
COPY --from=build /loadgen /loadgen
WORKDIR /results
USER node
ENTRYPOINT ["node", "/loadgen/dist/src/cli/main.js"]
CMD ["--help"]

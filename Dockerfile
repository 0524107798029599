# The mock Seafile server in a container, as Prism and WireMock users expect:
#   docker build -t seafile-conformance .
#   docker run --rm -p 8000:8000 -v seafile-mock:/data seafile-conformance
# It serves on 0.0.0.0:8000 with its state in the /data volume; any other command of the CLI runs with
#   docker run --rm seafile-conformance test --target http://host.docker.internal:8000 --user … --password …
# Not built in this project's CI (no Docker engine there); tests/cli/dockerfile.test.ts runs its command.

# The package as npm would publish it: compiled (npm pack builds dist/), no sources, no dev dependencies.
FROM node:20-slim AS pack
WORKDIR /src
COPY . .
RUN npm install --no-audit --no-fund && npm pack --pack-destination /tmp

FROM node:20-slim
COPY --from=pack /tmp/seafile-conformance-*.tgz /tmp/
RUN npm install --global --no-audit --no-fund /tmp/seafile-conformance-*.tgz && rm /tmp/seafile-conformance-*.tgz \
  && mkdir /data && chown node:node /data
USER node
WORKDIR /home/node
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["seafile-conformance"]
CMD ["mock", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]

# syntax=docker/dockerfile:1
#
# The one Hindsight image: runs any role, chosen by HINDSIGHT_ROLES (gateway, predictor, feedback-joiner,
# stream-processors, trainer, or all). Maven builds the jar first; the image only unpacks it, so no Maven or JDK
# is inside:
#
#     mvn -q -B -DskipTests package              # builds app/target/hindsight.jar
#     docker build -t hindsight:dev .            # .dockerignore sends only that jar as the build context
#
# Run one role against a Kafka:
#     docker run --rm -p 8080:8080 -e HINDSIGHT_ROLES=gateway -e HINDSIGHT_BOOTSTRAP_SERVERS=kafka:9092 hindsight:dev
# Any hindsight command works as arguments (the entrypoint is the jar):
#     docker run --rm -e HINDSIGHT_BOOTSTRAP_SERVERS=kafka:9092 hindsight:dev train calories --alias B
#
# deploy-checks/ (DockerfileTest) checks this file: numeric non-root USER, HEALTHCHECK on /healthz, JVM flags,
# the jar path Maven builds, and that every HINDSIGHT_* variable here is one the app reads.

# ---- stage 1: split the Spring Boot jar into layers, so a code change re-ships ~12 MB, not the 380 MB of libraries
FROM eclipse-temurin:17-jre-noble AS layers
WORKDIR /build
COPY app/target/hindsight.jar hindsight.jar
RUN java -Djarmode=tools -jar hindsight.jar extract --layers --destination extracted

# ---- stage 2: the runtime image
FROM eclipse-temurin:17-jre-noble

# curl for the HEALTHCHECK (installed explicitly rather than relying on the base image having it)
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# Who owns /app: root (the code is read-only to the process). The Tiltfile builds with APP_OWNER=10001:10001
# so that live update can sync new classes into a running container.
ARG APP_OWNER=root:root

# A fixed numeric uid/gid: Kubernetes' runAsNonRoot can only verify a numeric USER. Home is /data, the one
# writable place besides /tmp, so libraries that cache under ~ (DJL's libtorch) write there.
RUN groupadd --system --gid 10001 hindsight \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin hindsight \
 && mkdir -p /data /app \
 && chown 10001:10001 /data \
 && chown "${APP_OWNER}" /app

WORKDIR /app
# Least-changing layer first: third-party jars, then the Boot loader, then Hindsight's modules, then the app jar.
COPY --chown=${APP_OWNER} --from=layers /build/extracted/dependencies/ ./
COPY --chown=${APP_OWNER} --from=layers /build/extracted/spring-boot-loader/ ./
COPY --chown=${APP_OWNER} --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --chown=${APP_OWNER} --from=layers /build/extracted/application/ ./

# Container-aware JVM: heap sized from the cgroup memory limit, leaving ~35% for native memory (xgboost4j, ONNX
# Runtime, RocksDB, Netty); an OutOfMemoryError ends the process so the orchestrator restarts it instead of
# leaving a half-dead JVM. Override JAVA_OPTS per role (the trainer adds -XX:MaxDirectMemorySize, see k8s/).
ENV JAVA_OPTS="-XX:MaxRAMPercentage=65 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    HINDSIGHT_ROLES=all \
    HINDSIGHT_HTTP_PORT=8080 \
    HINDSIGHT_DATA_DIR=/data \
    HINDSIGHT_LOG_FORMAT=json

USER 10001:10001
EXPOSE 8080

# /healthz answers 200 while the process serves (/readyz is for traffic: Kubernetes' readiness probe uses it).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${HINDSIGHT_HTTP_PORT}/healthz" || exit 1

# exec: java is PID 1 and gets SIGTERM, so the roles close cleanly (transactions aborted, Streams state flushed).
# Arguments after the image name go to hindsight ("train calories ...", "simulate calories ...").
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/hindsight.jar \"$@\"", "hindsight"]

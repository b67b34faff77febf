# syntax=docker/dockerfile:1
# ppml-service container: built with the Maven wrapper, run as a layered Spring Boot jar on a JRE, non-root.
# Base images are pinned to an exact Temurin release; bump both tags together (and re-run the tests).

FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# The jar the build produces (target/ppml-service-<version>.jar) is the one the image runs, split into layers.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress -DskipTests package \
    && cp target/ppml-service-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17.0.15_6-jre-jammy
# OCI annotations; pass the build's own facts:
#   docker build --build-arg VERSION=0.1.0-SNAPSHOT --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t ppml-service .
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="ppml-service" \
      org.opencontainers.image.description="Privacy-preserving machine learning over HTTP: differential privacy, homomorphic encryption, secure multi-party computation and federated learning" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="eclipse-temurin:17.0.15_6-jre-jammy"
RUN groupadd --system --gid 10001 ppml \
    && useradd --system --uid 10001 --gid ppml --home-dir /app --shell /usr/sbin/nologin ppml \
    && mkdir -p /data && chown ppml:ppml /data
WORKDIR /app
# least-changing layers first, so a code change rebuilds only the last one
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY --chmod=0555 src/main/docker/healthcheck.sh /usr/local/bin/ppml-healthcheck
# Actuator (health, Prometheus metrics) answers on its own port, 8081, never on the API's port: publish only 8080
# to callers and let the orchestrator and the metrics scraper reach 8081 (README, "Observability").
ENV PPML_DATA_DIR=/data \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8080 8081
# A bash script, not a JVM, every 30 s; it follows MANAGEMENT_SERVER_PORT / SERVER_PORT when they are overridden.
# Kubernetes: use /actuator/health/liveness and /actuator/health/readiness on port 8081 as probes instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/ppml-healthcheck"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

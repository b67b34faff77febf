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
RUN groupadd --system --gid 10001 ppml \
    && useradd --system --uid 10001 --gid ppml --home-dir /app --shell /usr/sbin/nologin ppml \
    && mkdir -p /data && chown ppml:ppml /data
WORKDIR /app
# least-changing layers first, so a code change rebuilds only the last one
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
ENV PPML_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8080
# Kubernetes: use /actuator/health/liveness and /actuator/health/readiness as probes instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["java", "-cp", "/app/BOOT-INF/classes", "io.ppml.HealthProbe"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

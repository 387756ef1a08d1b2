# syntax=docker/dockerfile:1
# Build stage: the full Maven build of the app and the modules it needs (tests run in CI, not here).
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
COPY lifecycle/pom.xml lifecycle/
COPY storage/pom.xml storage/
COPY detect/pom.xml detect/
COPY ingest/pom.xml ingest/
COPY app/pom.xml app/
RUN mvn -q -B -pl app -am dependency:go-offline -DskipTests || true
COPY . .
RUN mvn -q -B -pl app -am -DskipTests package && cp app/target/keel-app-*.jar /src/keel.jar

# Runtime stage: a JRE and the app, run as an unprivileged user.
FROM eclipse-temurin:25-jre
RUN groupadd --system keel && useradd --system --gid keel --home-dir /var/lib/keel --create-home keel
COPY --from=build /src/keel.jar /opt/keel/keel.jar
COPY --chown=keel:keel app/rules /var/lib/keel/rules
USER keel
WORKDIR /var/lib/keel
EXPOSE 8080 8081 5514/tcp 5514/udp
# Exit (and be restarted) on OutOfMemoryError rather than limp on; see docs/lifecycle.md.
ENV JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/opt/keel/keel.jar"]

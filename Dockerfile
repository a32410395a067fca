# face-mask service image. Multi-stage: Maven builds the jar, a JRE runs it.
#   docker build -t face-mask .
# Base images are public defaults; override them for air-gapped or registry-less builds, e.g.
#   podman build --build-arg BUILD_BASE=localhost/debian-base:bookworm --build-arg RUN_BASE=localhost/debian-base:bookworm .
# A base without Java gets Debian's OpenJDK 17 installed (the RUN lines check first).
ARG BUILD_BASE=eclipse-temurin:17-jdk
ARG RUN_BASE=eclipse-temurin:17-jre

FROM ${BUILD_BASE} AS build
RUN command -v javac >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends \
      openjdk-17-jdk-headless ca-certificates && rm -rf /var/lib/apt/lists/*)
# MAVEN_FLAGS=-o builds from a Maven repository mounted at /root/.m2 with no network at all.
ARG MAVEN_FLAGS=""
WORKDIR /src
# Dependencies first: this layer is reused while only the sources change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q ${MAVEN_FLAGS} dependency:resolve
COPY src src
RUN ./mvnw -B -q ${MAVEN_FLAGS} package -DskipTests \
    && mkdir native && cd native \
    && jar xf ../target/lib/onnxruntime-*.jar ai/onnxruntime/native/linux-x64 \
    && mv ai/onnxruntime/native/linux-x64/*.so . && rm -rf ai

FROM ${RUN_BASE}
RUN (command -v java >/dev/null && command -v curl >/dev/null) || (apt-get update -q \
      && apt-get install -y -q --no-install-recommends openjdk-17-jre-headless curl \
      && rm -rf /var/lib/apt/lists/*)
# libjpeg-turbo's Java API: JPEGs decode about twice as fast (org.facemask.image.TurboJpeg).
# Optional: without it the service decodes through ImageIO.
RUN (apt-get update -q && apt-get install -y -q --no-install-recommends libturbojpeg-java libturbojpeg0-dev \
      && rm -rf /var/lib/apt/lists/*) || echo "libjpeg-turbo not installed: JPEGs decode through ImageIO"
RUN groupadd --system --gid 10001 facemask && useradd --system --uid 10001 --gid facemask --home /app facemask
WORKDIR /app
COPY --from=build /src/target/facemask.jar target/facemask.jar
COPY --from=build /src/target/lib target/lib
COPY --from=build /src/native native
COPY bin bin
COPY models models
# Native libraries unpacked at build time, not at every start and not into a (read-only) /tmp:
# ONNX Runtime's from its jar to native/ (build stage), libtorch by DJL into its cache (below).
ENV DJL_CACHE_DIR=/app/djl-cache \
    FACEMASK_HOME=/app \
    FACEMASK_DATA_DIR=/var/lib/facemask \
    FACEMASK_JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Donnxruntime.native.onnxruntime.path=/app/native/libonnxruntime.so -Donnxruntime.native.onnxruntime4j_jni.path=/app/native/libonnxruntime4j_jni.so"
RUN mkdir -p /var/lib/facemask \
    && bin/facemask bench-infer --backend DJL --batch-size 1 --seconds 0.2 \
    && bin/facemask bench-infer --backend ONNX --batch-size 1 --seconds 0.2 \
    && chmod -R a+rX /app/djl-cache
# Start-up class archive (AppCDS): the service gets ready about a second sooner.
RUN FACEMASK_JAVA_OPTS="$FACEMASK_JAVA_OPTS -XX:ArchiveClassesAtExit=/app/target/facemask.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
      bin/facemask serve --host 127.0.0.1 --port 0 --data-dir /tmp/cds --exit-when-ready \
    && rm -rf /tmp/cds && chown -R facemask:facemask /var/lib/facemask
USER 10001
EXPOSE 8080
VOLUME /var/lib/facemask
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["/app/bin/facemask"]
CMD ["serve", "--port", "8080"]

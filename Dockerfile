# face-mask service image. Multi-stage: Maven builds the jar, a JRE runs it.
#   docker build -t face-mask .                          the full image (last stage): every command, DJL too
#   docker build --target edge -t face-mask:edge .       the edge image: `serve` on ONNX Runtime alone
# Base images are public defaults; override them for air-gapped or registry-less builds, e.g.
#   podman build --build-arg BUILD_BASE=localhost/debian-base:bookworm --build-arg RUN_BASE=localhost/debian-base:bookworm .
# A base without Java gets Debian's OpenJDK 17 installed (the RUN lines check first).
ARG BUILD_BASE=eclipse-temurin:17-jdk
ARG RUN_BASE=eclipse-temurin:17-jre
# The edge image's base: any glibc distribution with apt; it only needs a few shared libraries.
ARG EDGE_BASE=debian:bookworm-slim

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

# ---- edge: the smallest image that serves /predict (ONNX Runtime alone), the int8 model by default ----
# Class path without DJL, libtorch, JavaCV, FFmpeg and JFreeChart (pom.xml, execution edge-lib); ONNX
# Runtime's jar without its bundled native libraries for every platform (unpacked to native/ above);
# a Java runtime of only the modules the service uses (jlink; list from `jdeps --print-module-deps`
# on the jar and that class path, plus jdk.crypto.ec for TLS to PostgreSQL; --strip-debug would need
# binutils, and Debian's native libraries carry no debug symbols anyway).
FROM build AS edge-build
RUN JDK=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")"); [ -d "$JDK/jmods" ] \
    || (apt-get update -q && apt-get install -y -q --no-install-recommends openjdk-17-jmods && rm -rf /var/lib/apt/lists/*)
RUN ./mvnw -B -q ${MAVEN_FLAGS} dependency:copy-dependencies@edge-lib \
    && mkdir -p /edge/target/lib /edge/native ort && cp native/*.so /edge/native/ \
    && cp target/facemask.jar /edge/target/ && cp target/edge-lib/*.jar /edge/target/lib/ \
    && cd ort && jar xf ../target/edge-lib/onnxruntime-*.jar && rm -rf ai/onnxruntime/native \
    && jar cf "/edge/target/lib/$(basename ../target/edge-lib/onnxruntime-*.jar)" . \
    && jlink --add-modules java.base,java.desktop,java.instrument,java.naming,java.security.jgss,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 --output /edge/jre

# Debian's JDK links the imaging and font libraries of the system (JPEG, colour management, FreeType,
# HarfBuzz, fontconfig, a font for the annotated images); documentation and package caches go.
FROM ${EDGE_BASE} AS edge-root
RUN apt-get update -q && apt-get install -y -q --no-install-recommends libjpeg62-turbo liblcms2-2 libfreetype6 \
      libharfbuzz0b libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/log/* \
      /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/locale/* \
    && groupadd --system --gid 10001 facemask && useradd --system --uid 10001 --gid facemask --home /app facemask \
    && mkdir -p /var/lib/facemask && chown facemask:facemask /var/lib/facemask
COPY --from=edge-build /edge /app
COPY bin /app/bin
COPY models /app/models

# One flattened layer: files deleted above take no room in a lower layer.
FROM scratch AS edge
COPY --from=edge-root / /
WORKDIR /app
ENV PATH=/app/jre/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    FACEMASK_HOME=/app \
    FACEMASK_DATA_DIR=/var/lib/facemask \
    FACEMASK_MODEL=/app/models/facemask-resnet18-int8 \
    FACEMASK_JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Donnxruntime.native.onnxruntime.path=/app/native/libonnxruntime.so -Donnxruntime.native.onnxruntime4j_jni.path=/app/native/libonnxruntime4j_jni.so"
USER 10001
EXPOSE 8080
VOLUME /var/lib/facemask
# No curl here: bash asks /health/ready itself.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/app/bin/facemask"]
CMD ["serve", "--port", "8080"]

# ---- the full image (the default target, being the last stage; --target full names it) ----
FROM ${RUN_BASE} AS full
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

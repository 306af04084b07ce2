# Gremio's application image: built with Maven, run on a JRE as a non-root user.
#   docker build -t gremio .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app gremio && mkdir -p /data && chown gremio /data
WORKDIR /app
COPY --from=build /src/target/gremio.jar /app/gremio.jar
COPY --from=build /src/target/lib /app/lib
COPY config /app/config
COPY routes /app/routes
COPY kafka-topics.sh /app/kafka-topics.sh
USER gremio
ENV GREMIO_DATA_DIR=/data \
    GREMIO_CLASSPATH="/app/gremio.jar:/app/lib/*"
VOLUME /data
# 8080: the API and pages; 9876: health and metrics (/observe/...), for the platform, not the carts
EXPOSE 8080 9876
ENTRYPOINT ["java", "@/app/config/jvm.options", "-jar", "/app/gremio.jar"]

# syntax=docker/dockerfile:1
# The Orleans silo (src/Silo, Canvass.Silo.dll). Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t canvass/silo .
# Not built on the development machine (it has no Docker engine); see deploy/README.md.

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# The sources without build output, test results or a local SQLite file, so the image does not depend on what
# the context happens to hold (a root .dockerignore only makes the context smaller; see dockerignore.example).
FROM ${SDK_IMAGE} AS source
WORKDIR /src
COPY . .
RUN find . -type d \( -name bin -o -name obj -o -name TestResults -o -name node_modules -o -name .git -o -name .vs \
        -o -path ./src/Web/dist \) -prune -exec rm -rf {} + \
 && find data -name '*.db*' -delete

# Only what `dotnet restore` reads: every project and props/targets file, found rather than listed, so a new
# project under src/ needs no change here. The restore layer below is reused until one of these files changes.
FROM source AS restore-inputs
RUN find . -type f ! \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sln' -o -name '*.slnx' \
        -o -iname 'nuget.config' -o -name 'global.json' \) -delete \
 && find . -type d -empty -delete

FROM ${SDK_IMAGE} AS build
# The gateway's build bundles the web app (src/Web) with npm.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=restore-inputs /src ./
RUN dotnet restore src/Silo/Silo.csproj
COPY --from=source /src ./
# Framework-dependent and portable (no RID), so it runs on the aspnet image of either architecture.
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
WORKDIR /app
# A writable place for the default SQLite store (a single container without PostgreSQL); /app is root-owned.
RUN mkdir -p /var/lib/canvass && chown "$APP_UID:$APP_UID" /var/lib/canvass
COPY --from=build /app ./
# appsettings.json sets "Urls": "http://localhost:5000", and appsettings beats ASPNETCORE_URLS
# (dotnet/aspnetcore#41167), so the unprefixed URLS is the one that binds all interfaces on 8080.
ENV URLS=http://+:8080 \
    ASPNETCORE_URLS=http://+:8080 \
    Storage__SqlitePath=/var/lib/canvass/canvass.db \
    Auth__SigningKeyPath=/var/lib/canvass/dev-signing.key \
    Management__Urls=http://+:9464
# Clustering, storage and addresses (Silo__AdvertisedAddress, Silo__ListenAddress=0.0.0.0, ...) are left to the
# deployment, so `docker run` alone gives the embedded single-process setup; see deploy/k8s/silo.yaml.
# The non-root user of the .NET images (UID 1654).
USER $APP_UID
# 8080 HTTP (health, the dashboard behind an admin token; API and hub when it hosts the gateway), 9464 management
# (/metrics, /health/*), 11111 silo-to-silo, 30000 Orleans gateway for clients such as canvass/gateway.
EXPOSE 8080 9464 11111 30000
ENTRYPOINT ["dotnet", "Canvass.Silo.dll"]

# syntax=docker/dockerfile:1
# The gateway (src/Gateway, Canvass.Gateway.dll): REST API and SignalR hub, an Orleans client. From the repository root:
#   docker build -f deploy/gateway.Dockerfile -t canvass/gateway .
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
RUN dotnet restore src/Gateway/Gateway.csproj
COPY --from=source /src ./
# Framework-dependent and portable (no RID), so it runs on the aspnet image of either architecture.
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app ./
# appsettings.json sets "Urls": "http://localhost:5100", and appsettings beats ASPNETCORE_URLS
# (dotnet/aspnetcore#41167), so the unprefixed URLS is the one that binds all interfaces on 8080.
ENV URLS=http://+:8080 \
    ASPNETCORE_URLS=http://+:8080 \
    Management__Urls=http://+:9464
# The non-root user of the .NET images (UID 1654).
USER $APP_UID
# 8080 HTTP: REST API, SignalR hub /hubs/monitor, /health/live, /health/ready; 9464 management: /metrics, /health/*.
EXPOSE 8080 9464
ENTRYPOINT ["dotnet", "Canvass.Gateway.dll"]

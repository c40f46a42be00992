# annals in a container: a static binary built with the Go toolchain, run as a non-root
# user in a small image. docker-compose.yml runs it on a PostgreSQL primary and replica; alone:
#   docker build -t annals . && docker run -p 8080:8080 annals
# serves an empty embedded (bolt) store from the volume /var/lib/annals.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so that a change of source alone reuses the download layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: every store driver annals uses is pure Go, and the binary then runs on any libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/annals ./cmd/annals

FROM alpine:3.22 AS runtime
# busybox wget serves the health check; ca-certificates lets --db reach a TLS server.
RUN apk add --no-cache ca-certificates \
 && addgroup -S -g 10001 annals \
 && adduser -S -D -H -u 10001 -G annals -h /var/lib/annals annals \
 && mkdir -p /var/lib/annals \
 && chown annals:annals /var/lib/annals
COPY --from=build /out/annals /usr/local/bin/annals
USER 10001:10001
WORKDIR /var/lib/annals
VOLUME /var/lib/annals
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["annals"]
CMD ["serve", "--addr", "0.0.0.0:8080"]

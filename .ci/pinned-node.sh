# Puts the Node this project pins (package.json devDependencies.node) first on PATH, for npm
# itself: npm checks every package's `engines` against the Node it runs on, so on a machine
# whose system Node is older than the project's, `npm ci` warns about packages that will in fact
# run on the pinned Node (npm scripts run node_modules/.bin/node). Installed once from the npm
# registry into a cache outside the work tree, which `npm ci` would empty.
#   . .ci/pinned-node.sh && npm ci
pinned_node="$(node -p 'require("./package.json").devDependencies.node')"
if [ "$(node --version)" != "v${pinned_node}" ]; then
  pinned_node_home="${XDG_CACHE_HOME:-$HOME/.cache}/identity-subgraph/node-${pinned_node}"
  if [ ! -x "${pinned_node_home}/node_modules/.bin/node" ]; then
    mkdir -p "$(dirname "${pinned_node_home}")"
    # Several checkouts may start at once: one installs, under a lock, into a fresh directory that
    # is moved into place only when complete, so no shell ever sees a half-installed Node.
    (
      flock 9
      if [ ! -x "${pinned_node_home}/node_modules/.bin/node" ]; then
        staging="$(mktemp -d "${pinned_node_home}.XXXXXX")"
        # The `node` package fetches its binary in an install script, which npm runs only when allowed.
        printf '{ "private": true, "allowScripts": { "node": true } }\n' >"${staging}/package.json"
        (cd "${staging}" && npm install --no-save --no-audit --no-fund --loglevel=error "node@${pinned_node}")
        rm -rf "${pinned_node_home}"
        mv "${staging}" "${pinned_node_home}"
      fi
    ) 9>"${pinned_node_home}.lock"
  fi
  export PATH="${pinned_node_home}/node_modules/.bin:${PATH}"
fi
echo "== Node $(node --version), npm $(npm --version)"

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
    mkdir -p "${pinned_node_home}"
    # The `node` package fetches its binary in an install script, which npm runs only when allowed.
    printf '{ "private": true, "allowScripts": { "node": true } }\n' >"${pinned_node_home}/package.json"
    npm install --prefix "${pinned_node_home}" --no-save --no-audit --no-fund --loglevel=error "node@${pinned_node}"
  fi
  export PATH="${pinned_node_home}/node_modules/.bin:${PATH}"
fi
echo "== Node $(node --version), npm $(npm --version)"

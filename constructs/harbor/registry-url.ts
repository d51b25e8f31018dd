// The endpoint URL Harbor keeps for a registry, so that what Terraform sends is what it reads back.

/**
 * What Harbor stores for a registry endpoint it is sent: goharbor/harbor v2.15.1 src/lib/endpoint.go `ValidateHTTPURL`, which
 * Harbor applies to every registry it creates or updates (src/controller/registry/controller.go,
 * src/server/v2.0/handler/registry.go). It trims spaces, then trailing slashes, parses the URL and keeps
 * `scheme://host` plus the (unescaped) path: the query, the fragment and any user info are dropped, the scheme is
 * lowercased (Go's url.Parse), the host keeps its case and port. The goharbor provider (v3.12.4
 * provider/resource_registry.go) reads the stored value back into `endpoint_url`, so any other spelling plans an
 * update on every run.
 */
export function harborStoredUrl(url: string): string {
  const trimmed = url.replace(/^ +| +$/g, "").replace(/\/+$/, "");
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^/?#]*@)?([^/?#]*)([^?#]*)/.exec(trimmed);
  if (match === null) return trimmed;
  const [, scheme, host, path] = match;
  return `${scheme.toLowerCase()}://${host}${unescapedPath(path)}`;
}

/**
 * The URL to send for `url`: the first that Harbor stores unchanged ({@link harborStoredUrl} applied until it is),
 * so a plan after apply is empty. One pass is not always enough: `https://r.example.com/?a=1` is stored as
 * `https://r.example.com/`, which Harbor, sent again, stores as `https://r.example.com`.
 */
export function harborRegistryUrl(url: string): string {
  let current = url;
  for (let next = harborStoredUrl(current); next !== current; next = harborStoredUrl(current)) current = next;
  return current;
}

/** Go's url.Parse keeps the path unescaped (`Path`, not `RawPath`), and `ValidateHTTPURL` prints that. */
function unescapedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Go refuses an invalid escape ("invalid URL escape"): Harbor answers 400 and stores nothing.
    return path;
  }
}

import { z } from "zod";
import { PROVIDERS_NEEDING_ENDPOINT, PROXY_CACHE_PROVIDERS } from "../../constructs/harbor/day2/proxy-cache-upstreams";
import { VARIABLE_NAME_PATTERN, harborName, httpsUrl, quotaGiB, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";

const proxyCacheSchema = strictObject({
  project: harborName("project").meta({
    description:
      "The Harbor project users pull through (`<hostname>/<project>/...`); unique among `proxyCache` and `projects`.",
  }),
  provider: z
    .enum(PROXY_CACHE_PROVIDERS, { error: `must be one of ${PROXY_CACHE_PROVIDERS.join(", ")}` })
    .meta({ description: "The upstream registry's kind ([proxy caches](day-2.md))." }),
  endpoint: httpsUrl(
    "upstream registry",
    "name them with `credentials:` and pass them as TF_VAR_<NAME>_ACCESS_ID / _ACCESS_SECRET",
  )
    .meta({
      description: `The upstream's \`https://\` URL; required for ${[...PROVIDERS_NEEDING_ENDPOINT].map((p) => `\`${p}\``).join(", ")}.`,
      defaultText: "per provider ([the table](day-2.md))",
    })
    .optional(),
  credentials: z
    .string()
    .regex(
      VARIABLE_NAME_PATTERN,
      "must name Terraform variables (letters, digits, underscores), e.g. DOCKERHUB for TF_VAR_DOCKERHUB_ACCESS_ID / TF_VAR_DOCKERHUB_ACCESS_SECRET",
    )
    .meta({
      description:
        "A name `NAME`: the upstream's credentials come from `TF_VAR_NAME_ACCESS_ID` and `TF_VAR_NAME_ACCESS_SECRET`.",
      defaultText: "none: anonymous pulls",
    })
    .optional(),
  public: z.boolean().meta({ description: "Pulls without a Harbor login.", default: false }).optional(),
  quotaGiB: quotaGiB.meta({ description: "The project's storage quota.", defaultText: "no quota" }).optional(),
});

/** `proxyCache:` projects that pull through from an upstream registry. */
export const proxyCacheFeature = day2Feature({
  stack: "config",
  schema: z.array(proxyCacheSchema).meta({
    description: "Projects that pull through from an upstream registry and cache what they pull ([day-2](day-2.md)).",
  }),
  resolve: (raw) => (raw ?? []).map((cache) => ({ ...cache, public: cache.public ?? false })),
  configured: (caches) => caches.length > 0,
  check(caches, _instance, issue) {
    const projects = new Map<string, number>();
    caches.forEach((cache, index) => {
      const first = projects.get(cache.project);
      if (first !== undefined) {
        issue(
          [index, "project"],
          `duplicate project "${cache.project}" (also proxyCache[${first}]); project names must be unique`,
        );
      } else {
        projects.set(cache.project, index);
      }
      if (cache.endpoint === undefined && PROVIDERS_NEEDING_ENDPOINT.has(cache.provider)) {
        issue(
          [index, "endpoint"],
          `is required with provider "${cache.provider}" (there is no single public registry to default to)`,
        );
      }
    });
  },
});

import { Construct } from "constructs";
import { ITerraformDependable, Precondition } from "cdktf";
import { HarborProject } from "../provider/project";
import { HarborRegistry } from "../provider/registry";
import { ValidationError } from "../../core/errors";
import { harborRegistryUrl } from "../registry-url";
import { PROXY_CACHE_UPSTREAMS, ProxyCacheUpstream } from "./proxy-cache-upstreams";

export { PROXY_CACHE_UPSTREAMS };
export type { ProxyCacheUpstream };

/** Properties of a {@link ProxyCache}. */
export interface ProxyCacheProps {
  /** Harbor project users pull through: `<harbor host>/<project>/<image>`. */
  readonly project: string;
  readonly upstream: ProxyCacheUpstream;
  /** Upstream URL. @default the upstream's public endpoint (required for ecr, acr, harbor, docker-registry) */
  readonly endpoint?: string;
  /** Upstream user / access key id (sensitive reference). @default - anonymous pulls */
  readonly accessId?: string;
  /** Upstream password / token (sensitive reference). @default - anonymous pulls */
  readonly accessSecret?: string;
  /** Anyone may pull without logging in to Harbor. @default false */
  readonly public?: boolean;
  /** Storage quota of the project. @default - unlimited */
  readonly quotaGiB?: number;
  /**
   * Plan-time checks on the upstream registry (`lifecycle.precondition`), e.g. that the credentials are not
   * empty. Terraform evaluates them when it creates or updates the registry, not when it destroys it.
   * @default - none
   */
  readonly registryPreconditions?: Precondition[];
  /**
   * What the registry and the project wait for, e.g. a check that Harbor's API answers.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Harbor proxy-cache project: a registry endpoint for the upstream and a project bound to it.
 *
 * A new upstream type replaces the registry (`provider_name` is ForceNew) and with it the project (`registry_id`
 * is ForceNew): the cache starts empty. A new endpoint of the same type is an in-place update. Destroying the
 * project deletes what it cached (`force_destroy`): cached images can always be pulled again from the upstream,
 * and Harbor refuses to delete a project that still has repositories.
 * Providers: the stack needs HarborProvider.
 */
export class ProxyCache extends Construct {
  public readonly registry: HarborRegistry;
  public readonly project: HarborProject;

  constructor(scope: Construct, id: string, props: ProxyCacheProps) {
    super(scope, id);
    const upstream = PROXY_CACHE_UPSTREAMS[props.upstream];
    if (upstream === undefined) {
      throw new ValidationError(
        this,
        "upstream",
        `must be one of ${Object.keys(PROXY_CACHE_UPSTREAMS).join(", ")}, got "${props.upstream}"`,
      );
    }
    const endpoint = props.endpoint ?? upstream.defaultEndpoint;
    if (endpoint === undefined) {
      throw new ValidationError(this, "endpoint", `is required for upstream "${props.upstream}"`);
    }
    if (!endpoint.startsWith("https://")) {
      throw new ValidationError(this, "endpoint", `must be an https:// URL, got "${endpoint}"`);
    }
    if ((props.accessId === undefined) !== (props.accessSecret === undefined)) {
      throw new ValidationError(this, "accessId", "and accessSecret go together: give both, or neither");
    }
    this.registry = new HarborRegistry(this, "Registry", {
      name: `${props.project}-upstream`,
      providerName: upstream.providerName,
      // As Harbor stores it (a trailing slash or a query would plan an update on every run).
      endpointUrl: harborRegistryUrl(endpoint),
      accessId: props.accessId,
      accessSecret: props.accessSecret,
      dependsOn: props.dependsOn,
      lifecycle: props.registryPreconditions?.length ? { precondition: props.registryPreconditions } : undefined,
    });
    this.project = new HarborProject(this, "Resource", {
      name: props.project,
      registryId: this.registry.registryId,
      public: props.public ?? false,
      storageQuota: props.quotaGiB,
      vulnerabilityScanning: true,
      // The provider reads force_destroy from state when it deletes, so it must be applied once before a
      // destroy can use it.
      forceDestroy: true,
      dependsOn: props.dependsOn,
    });
  }
}

import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { configureBackend } from "./backend";
import { secretVariable } from "./variables";
import { BackendConfig, InstanceConfig } from "../config/resolve";
import { HARBOR_ADMIN_USER } from "../constructs/harbor";
import { HarborConfigAuth } from "../constructs/harbor-provider/config-auth";
import { HarborGarbageCollection } from "../constructs/harbor-provider/garbage-collection";
import { HarborInterrogationServices } from "../constructs/harbor-provider/interrogation-services";
import { HarborProvider } from "../constructs/harbor-provider/provider";
import { ProxyCache } from "../constructs/proxy-cache";

/** Properties of a {@link HarborConfigStack}. */
export interface HarborConfigStackProps {
  readonly instance: InstanceConfig;
  /** The admin password, from the instance stack (a cross-stack reference). */
  readonly adminPassword: string;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/** Terraform variable carrying the OIDC client secret (TF_VAR_oidc_client_secret). */
export const OIDC_SECRET_VARIABLE = "oidc_client_secret";

/** Names of the variables that carry a proxy cache's upstream credentials. */
export function credentialVariables(prefix: string): { accessId: string; accessSecret: string } {
  return { accessId: `${prefix}_ACCESS_ID`, accessSecret: `${prefix}_ACCESS_SECRET` };
}

const SCAN_POLICIES = { daily: "Daily", weekly: "Weekly" } as const;

/**
 * Day-2 configuration of one Harbor instance through Harbor's API: proxy-cache projects, OIDC login,
 * garbage collection and vulnerability-scan schedules. Applied after the instance stack.
 */
export class HarborConfigStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    new HarborProvider(this, "Harbor", {
      url: `https://${instance.hostname}`,
      username: HARBOR_ADMIN_USER,
      password: props.adminPassword,
      // The provider's default (true) would skip TLS verification.
      insecure: false,
    });

    const variables = new Map<string, string>();
    const secret = (name: string, description: string) => {
      if (!variables.has(name)) variables.set(name, secretVariable(this, name, description).stringValue);
      return variables.get(name) as string;
    };

    for (const cache of instance.proxyCache) {
      const names = cache.credentials === undefined ? undefined : credentialVariables(cache.credentials);
      new ProxyCache(this, `ProxyCache-${cache.project}`, {
        project: cache.project,
        upstream: cache.provider,
        endpoint: cache.endpoint,
        accessId: names && secret(names.accessId, `User or access key id at the ${cache.provider} upstream`),
        accessSecret: names && secret(names.accessSecret, `Password or token at the ${cache.provider} upstream`),
        public: cache.public,
        quotaGiB: cache.quotaGiB,
      });
    }

    if (instance.oidc !== undefined) {
      const oidc = instance.oidc;
      new HarborConfigAuth(this, "Oidc", {
        authMode: "oidc_auth",
        oidcName: "SSO",
        oidcEndpoint: oidc.endpoint,
        oidcClientId: oidc.clientId,
        oidcClientSecret: secret(OIDC_SECRET_VARIABLE, `Client secret of the OIDC client ${oidc.clientId}`),
        oidcScope: oidc.scopes.join(","),
        oidcVerifyCert: true,
        oidcAutoOnboard: oidc.autoOnboard,
        oidcGroupsClaim: oidc.groupsClaim,
        oidcAdminGroup: oidc.adminGroup,
      });
    }

    if (instance.gc !== undefined) {
      new HarborGarbageCollection(this, "GarbageCollection", {
        schedule: instance.gc.schedule,
        deleteUntagged: instance.gc.deleteUntagged,
      });
    }

    // "none": no resource; removing it sets Harbor's scan schedule back to None.
    if (instance.scanSchedule !== undefined && instance.scanSchedule !== "none") {
      new HarborInterrogationServices(this, "ScanSchedule", {
        vulnerabilityScanPolicy: SCAN_POLICIES[instance.scanSchedule],
      });
    }
  }
}

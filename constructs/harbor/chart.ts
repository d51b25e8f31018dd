// The Harbor chart this library deploys, and the rules for the release's own settings. No cdktf: the config layer
// calls these rules too, before cdktf is loaded.

/** Where the official Harbor chart is published. */
export const HARBOR_CHART_REPOSITORY = "https://helm.goharbor.io";

/** The Harbor chart version this library is built and tested against (Harbor 2.15.1). */
export const DEFAULT_HARBOR_CHART_VERSION = "1.19.1";

/** The namespace Harbor is released into unless told otherwise. */
export const DEFAULT_HARBOR_NAMESPACE = "harbor";

/** Most replicas per component: beyond this the database connections per pod fall below any useful pool. */
export const MAX_HARBOR_REPLICAS = 10;

/** Why `version` cannot pin the Harbor chart, or undefined when it can: an exact version, never a range. */
export function chartVersionProblem(version: string): string | undefined {
  return /^\d+\.\d+\.\d+$/.test(version)
    ? undefined
    : 'must be an exact chart version such as "1.19.1" (ranges would unpin the release)';
}

/**
 * Why `replicas` (of each Harbor component) does not fit, or undefined when it does: a whole number from 1 to
 * {@link MAX_HARBOR_REPLICAS}, and at least 2 for high availability (PodDisruptionBudgets with one pod block every
 * node drain).
 */
export function harborReplicasProblem(replicas: number, highAvailability: boolean): string | undefined {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_HARBOR_REPLICAS) {
    return `must be a whole number from 1 to ${MAX_HARBOR_REPLICAS}`;
  }
  if (highAvailability && replicas < 2) {
    return "must be at least 2 for high availability (the ha profile); use one replica only without it (profile: dev)";
  }
  return undefined;
}

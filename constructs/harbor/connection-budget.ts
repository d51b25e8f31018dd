import { databaseSizeMemoryGiB } from "../digitalocean/database-sizes";

/** DigitalOcean PostgreSQL allows 25 connections per GiB of node RAM... */
export const CONNECTIONS_PER_GIB = 25;
/** ...of which 3 are reserved for DigitalOcean's own maintenance. */
export const RESERVED_CONNECTIONS = 3;
/** Kept free for an operator's psql session and the schema-grant job. */
export const HEADROOM_CONNECTIONS = 2;
/** Below this a pod's pool would stall under ordinary load. */
export const MIN_CONNECTIONS_PER_POD = 5;
/** Above this a bigger pool only hides leaks; Harbor's default of 900 assumes a dedicated server. */
export const MAX_CONNECTIONS_PER_POD = 100;

/** Harbor Deployments whose pods open PostgreSQL connections, and their replica counts. */
export interface DatabaseClients {
  /** Replicas of core. */
  readonly core: number;
  /** Replicas of jobservice. */
  readonly jobservice: number;
  /** The metrics exporter; 0 when metrics are off. @default 0 */
  readonly exporter?: number;
}

/**
 * The Harbor pods that connect to PostgreSQL: core and jobservice at `replicas` each, and with metrics
 * one exporter (it queries the database for project and quota metrics).
 */
export function harborDatabaseClients(replicas: number, metrics: boolean): DatabaseClients {
  return { core: replicas, jobservice: replicas, exporter: metrics ? 1 : 0 };
}

export interface ConnectionBudget {
  /** Connections the server accepts for applications. */
  readonly limit: number;
  /** Pods that may be connected at once, counting one surge pod per Deployment during a rollout. */
  readonly pods: number;
  /** `database.maxOpenConns` for every pod. */
  readonly maxOpenConns: number;
  /** `database.maxIdleConns` for every pod. */
  readonly maxIdleConns: number;
}

/** Usable connections of one PostgreSQL node of the given RAM. */
export function postgresConnectionLimit(memoryGiB: number): number {
  return CONNECTIONS_PER_GIB * memoryGiB - RESERVED_CONNECTIONS;
}

/** Pods of these clients that may be connected at once, one surge pod per Deployment included. */
export function connectionBudgetPods(clients: DatabaseClients): number {
  const deployments = [clients.core, clients.jobservice, clients.exporter ?? 0].filter((n) => n > 0);
  return deployments.reduce((sum, replicas) => sum + replicas + Math.ceil(replicas / 4), 0);
}

/**
 * Splits the server's connections between Harbor's pods so that all of them together fit, even
 * mid-rollout (RollingUpdate surges by 25%, rounded up: one extra pod per Deployment here).
 * Throws when even {@link MIN_CONNECTIONS_PER_POD} per pod does not fit. `otherPods`: pods of other Harbor instances
 * sharing the server (counted like {@link connectionBudgetPods}); every
 * pod gets the same share, so instances that count each other the same way fit together.
 */
export function connectionBudget(postgresSize: string, clients: DatabaseClients, otherPods = 0): ConnectionBudget {
  const limit = postgresConnectionLimit(databaseSizeMemoryGiB(postgresSize));
  const pods = connectionBudgetPods(clients) + otherPods;
  const available = limit - HEADROOM_CONNECTIONS;
  const perPod = Math.min(MAX_CONNECTIONS_PER_POD, Math.floor(available / Math.max(pods, 1)));
  if (perPod < MIN_CONNECTIONS_PER_POD) {
    throw new Error(
      `PostgreSQL size ${postgresSize} accepts ${limit} connections (${CONNECTIONS_PER_GIB} per GiB, ` +
        `${RESERVED_CONNECTIONS} reserved), ${available} after headroom; ${pods} Harbor pods ` +
        `(core ${clients.core}, jobservice ${clients.jobservice}${clients.exporter ? `, exporter ${clients.exporter}` : ""}, ` +
        `plus one surge pod each during rollouts${otherPods > 0 ? `, and ${otherPods} of other instances on this server` : ""}) need at least ${MIN_CONNECTIONS_PER_POD} each ` +
        `(${pods * MIN_CONNECTIONS_PER_POD}). Choose a larger postgres size or fewer harbor replicas.`,
    );
  }
  return { limit, pods, maxOpenConns: perPod, maxIdleConns: Math.max(2, Math.ceil(perPod / 2)) };
}

/** Why `clients` cannot share a PostgreSQL node of `postgresSize` (see {@link connectionBudget}), or undefined. */
export function connectionBudgetProblem(
  postgresSize: string,
  clients: DatabaseClients,
  otherPods = 0,
): string | undefined {
  try {
    connectionBudget(postgresSize, clients, otherPods);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

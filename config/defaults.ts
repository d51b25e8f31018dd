/** A managed database after defaults are applied. */
export interface DatabaseSettings {
  readonly version: string;
  readonly size: string;
  readonly nodes: number;
}

export type Profile = "ha" | "dev";

/** Defaults per profile: `ha` survives a node or database failover, `dev` is the cheapest that runs. */
export const PROFILE_DEFAULTS: Record<
  Profile,
  { postgres: DatabaseSettings; cache: DatabaseSettings; replicas: number }
> = {
  ha: {
    postgres: { version: "17", size: "db-s-1vcpu-2gb", nodes: 2 },
    cache: { version: "8", size: "db-s-1vcpu-2gb", nodes: 2 },
    replicas: 2,
  },
  dev: {
    postgres: { version: "17", size: "db-s-1vcpu-1gb", nodes: 1 },
    cache: { version: "8", size: "db-s-1vcpu-1gb", nodes: 1 },
    replicas: 1,
  },
};

/** Default backup schedule: off-peak, before retention (04:00). */
export const DEFAULT_BACKUP_SCHEDULE = "0 30 2 * * *";

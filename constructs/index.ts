export * from "./existing-doks-cluster";
export * from "./managed-postgres";
export * from "./managed-valkey";
export * from "./registry-bucket";
export * from "./database-common";

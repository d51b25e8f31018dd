export * from "./provider";
export * from "./registry";
export * from "./project";
export * from "./config-auth";
export * from "./garbage-collection";
export * from "./interrogation-services";
export * from "./api-ready";
export * from "./replication";

import { Testing, TerraformOutput, TerraformStack } from "cdktf";
import { ConfigError, parseConfig } from "../config/load";
import { ValidationError } from "../constructs/core/errors";
import type { HarborProps } from "../constructs/harbor/harbor";
import { HarborValuesInput, harborSecretNames } from "../constructs/harbor/harbor-values";

/** What a token or value renders to in the stack's JSON (e.g. `${data.x.y.id}`). */
export function rendered(stack: TerraformStack, value: unknown): unknown {
  const id = `probe_${Math.random().toString(36).slice(2)}`;
  const output = new TerraformOutput(stack, id, { value });
  const json = JSON.parse(Testing.synth(stack));
  stack.node.tryRemoveChild(output.node.id);
  return json.output[id].value;
}

/** Every problem a config text produces, one line each; empty when the config is valid. */
export function configProblems(text: string): string[] {
  try {
    parseConfig(text, "test.yaml");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The problems of a config text that must be rejected, joined into one string. */
export function rejection(text: string): string {
  const problems = configProblems(text);
  if (problems.length === 0) throw new Error("config was accepted");
  return problems.join("\n");
}

/** Props of a Harbor construct with plain values in place of the data layer, for construct-level tests. */
export const HARBOR_TEST_PROPS: HarborProps = {
  hostname: "registry.example.com",
  database: {
    privateHost: "pg.internal",
    port: 25060,
    databaseName: "registry",
    user: "harbor",
    password: "unused",
    size: "db-s-1vcpu-2gb",
    adminUser: "doadmin",
    adminPassword: "unused",
    databaseIdentity: "do:dbaas:example/registry",
  },
  cache: { privateHost: "valkey.internal", port: 25061, password: "unused" },
  storage: {
    bucketName: "blobs",
    region: "fra1",
    endpoint: "https://fra1.digitaloceanspaces.com",
    accessKeyId: "unused",
    secretAccessKey: "unused",
  },
};

/** Input of the Harbor values builder with plain values, for tests of the builder and of what depends on it. */
export const HARBOR_VALUES_INPUT: HarborValuesInput = {
  hostname: "registry.example.com",
  replicas: 2,
  highAvailability: true,
  database: { host: "pg.internal", port: "25060", user: "harbor", name: "registry" },
  maxOpenConns: 7,
  maxIdleConns: 4,
  valkey: { host: "valkey.internal", port: "25061", passwordHash: "hash-of-the-password" },
  storage: { bucket: "blobs", region: "fra1", endpoint: "https://fra1.digitaloceanspaces.com" },
  secrets: harborSecretNames("harbor"),
  expose: { type: "clusterIP" },
};

/**
 * The ValidationError that `build` throws, after checking that it names `prop` and starts with
 * `<construct path>: <prop> `; fails the test when `build` throws nothing or something else.
 */
export function validationError(build: () => unknown, prop: string): ValidationError {
  let thrown: unknown;
  try {
    build();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  const error = thrown as ValidationError;
  expect(error.prop).toBe(prop);
  expect(error.message.startsWith(`${error.constructPath}: ${prop} `)).toBe(true);
  return error;
}

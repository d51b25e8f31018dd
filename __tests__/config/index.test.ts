// This folder's suites, in one module registry: see __tests__/support/suites.ts.
/* eslint-disable @typescript-eslint/no-require-imports -- each suite loads inside its describe block */
import { suite } from "../support/suites";

suite("config/cost", () => require("./cost.suite"));
suite("config/day2", () => require("./day2.suite"));
suite("config/fuzz", () => require("./fuzz.suite"));
suite("config/load", () => require("./load.suite"));
suite("config/messages", () => require("./messages.suite"));
suite("config/template-guard", () => require("./template-guard.suite"));
suite("config/yaml-people-write", () => require("./yaml-people-write.suite"));

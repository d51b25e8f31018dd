import { App } from "cdktf";
import { HarborConfig } from "../config/resolve";
import { HarborStack, harborStackName } from "./harbor-stack";

/**
 * Adds every stack the config describes to `app`. The config must already be validated: `new App()`
 * creates its output folder at once, so callers validate before they construct it.
 */
export function buildApp(config: HarborConfig, app: App = new App()): App {
  for (const instance of config.instances) {
    new HarborStack(app, harborStackName(instance.name), { instance });
  }
  return app;
}

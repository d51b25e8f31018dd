import { App } from "cdktf";
import { HarborConfig } from "../config/resolve";
import { HarborStack, harborStackName } from "./harbor-stack";

/** Builds every stack the config describes. The config must already be validated. */
export function buildApp(config: HarborConfig, options: { outdir?: string } = {}): App {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const instance of config.instances) {
    new HarborStack(app, harborStackName(instance.name), { instance });
  }
  return app;
}

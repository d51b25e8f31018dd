import { Construct } from "constructs";
import { IResolvable, TerraformProvider, Token } from "cdktf";
import { HARBOR_PROVIDER_VERSION } from "./resource";
import {
  AttributeTable,
  booleanAttr,
  numberAttr,
  stringAttr,
  stringMapAttr,
  toHclAttributes,
  toTerraformAttributes,
} from "./attributes";

/**
 * Configuration of the `harbor` provider (goharbor/harbor, docs/index.md at v3.12.4).
 *
 * Credentials can also come from the environment (`HARBOR_URL`, `HARBOR_USERNAME`, `HARBOR_PASSWORD`,
 * `HARBOR_SESSION_ID`, `HARBOR_BEARER_TOKEN`); prefer that over putting secrets in the synthesized JSON.
 */
export interface HarborProviderConfig {
  /** `url`: base URL of Harbor, e.g. `https://registry.example.com`. */
  readonly url: string;
  /**
   * `username`: the user the provider logs in as. The docs list it under "Required", but the provider schema
   * declares it optional (env `HARBOR_USERNAME`, or use `bearerToken` / `sessionId` instead).
   * @default - from `HARBOR_USERNAME`
   */
  readonly username?: string;
  /**
   * `password`: password of `username`. **Sensitive.** Listed under "Required" in the docs, optional in the
   * provider schema (env `HARBOR_PASSWORD`).
   * @default - from `HARBOR_PASSWORD`
   */
  readonly password?: string;
  /**
   * `api_version`: Harbor API version, 1 or 2.
   * @default 2
   */
  readonly apiVersion?: number;
  /**
   * `bearer_token`: bearer token; takes precedence over username and password. **Sensitive.**
   * @default - none (env `HARBOR_BEARER_TOKEN`)
   */
  readonly bearerToken?: string;
  /**
   * `headers`: custom HTTP headers sent with every API request (a `Host` entry sets the request Host).
   * **Sensitive** (Map of String). Header names are passed through unchanged.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `session_id`: the `sid` cookie when using OAuth/OIDC (experimental upstream); takes precedence over
   * `bearer_token`. **Sensitive.**
   * @default - none (env `HARBOR_SESSION_ID`)
   */
  readonly sessionId?: string;
  /**
   * `insecure`: ignore TLS certificate errors. The provider's default is `true`; set `false`.
   * @default true (provider default)
   */
  readonly insecure?: boolean | IResolvable;
  /**
   * `robot_prefix`: prefix of robot account names; set it when the provider cannot read it from the admin
   * API (no admin access) but must create system robot accounts.
   * @default - read from Harbor's configuration
   */
  readonly robotPrefix?: string;
  /**
   * Provider alias, for more than one `harbor` provider in a stack.
   * @default - the default (unaliased) provider
   */
  readonly alias?: string;
}

/**
 * The goharbor/harbor Terraform provider, pinned to exactly `3.12.4` ({@link HARBOR_PROVIDER_VERSION}). Hand-written binding; follows docs/index.md of
 * goharbor/terraform-provider-harbor at tag v3.12.4.
 * Providers: none; it is the provider the `Harbor*` resource bindings need in their stack.
 */
export class HarborProvider extends TerraformProvider {
  /** Terraform name of this provider. */
  public static readonly tfResourceType = "harbor";

  private readonly config: HarborProviderConfig;
  private _alias?: string;

  constructor(scope: Construct, id: string, config: HarborProviderConfig) {
    super(scope, id, {
      terraformResourceType: "harbor",
      terraformGeneratorMetadata: {
        providerName: "harbor",
        // Exactly the version the bindings are checked against: a newer provider may change a schema under them.
        providerVersionConstraint: HARBOR_PROVIDER_VERSION,
      },
      terraformProviderSource: "goharbor/harbor",
    });
    this.config = config;
    this._alias = config.alias;
  }

  /** Provider alias (`alias` meta-argument). */
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  private attributeTable(): AttributeTable {
    const c = this.config;
    return {
      url: stringAttr(c.url),
      username: stringAttr(c.username),
      password: stringAttr(c.password),
      api_version: numberAttr(c.apiVersion),
      bearer_token: stringAttr(c.bearerToken),
      headers: stringMapAttr(c.headers),
      session_id: stringAttr(c.sessionId),
      insecure: booleanAttr(c.insecure),
      robot_prefix: stringAttr(c.robotPrefix),
    };
  }

  // TerraformProvider snake_cases every key it is given, including the keys of the `headers` map
  // ("X-Api-Key" would become "x_api_key"); a token is left alone, so the map is wrapped in one.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeAttributes(): { [name: string]: any } {
    const attributes = toTerraformAttributes(this.attributeTable());
    if (attributes.headers !== undefined) {
      attributes.headers = Token.asAny(attributes.headers);
    }
    return attributes;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attributes = toHclAttributes(this.attributeTable()) as Record<string, { value: unknown }>;
    if (attributes.headers !== undefined) {
      attributes.headers = { ...attributes.headers, value: Token.asAny(attributes.headers.value) };
    }
    return attributes;
  }
}

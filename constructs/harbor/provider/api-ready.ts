import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { TerraformData } from "../../core/terraform-data";
import { ValidationError } from "../../core/errors";
import { HOSTNAME_PATTERN } from "../../core/naming";

/** Properties of a {@link HarborApiReady}. */
export interface HarborApiReadyProps {
  /** Harbor's host name (lowercase FQDN); the check calls `https://<hostname>/api/v2.0/ping`. */
  readonly hostname: string;
  /** Give up after this many minutes (1-60). @default 15 */
  readonly timeoutMinutes?: number;
  /** Seconds between two attempts (1-300). @default 10 */
  readonly intervalSeconds?: number;
  /** Harbor's namespace, named in the failure message's `kubectl` hints. @default "harbor" */
  readonly namespace?: string;
  /**
   * More values whose change runs the check again, e.g. the revision of Harbor's Helm release.
   * @default - only a new URL (host name) runs it again
   */
  readonly triggers?: Readonly<Record<string, string>>;
}

/**
 * The retry loop {@link HarborApiReady} runs (POSIX sh, with curl). Input comes from the environment only:
 * `HARBOR_PING_URL`, `HARBOR_WAIT_SECONDS`, `HARBOR_WAIT_INTERVAL` (seconds, fractions allowed where `sleep`
 * takes them) and `HARBOR_NAMESPACE`. It succeeds on the first answer that is HTTP 2xx with the body `Pong`
 * (Harbor's GET /api/v2.0/ping); curl verifies the TLS certificate (there is no `-k`). After the deadline it
 * prints what it tried, the last error and the likely causes, and exits 1.
 *
 * It contains neither `${` nor `%{`, which Terraform would treat as template syntax in the command.
 */
export const HARBOR_PING_SCRIPT = `set -u
url="$HARBOR_PING_URL"
host=$(printf '%s' "$url" | sed -e 's|^[a-z]*://||' -e 's|[/:].*||')
deadline=$(( $(date +%s) + HARBOR_WAIT_SECONDS ))
attempts=0
last="no attempt"
while :; do
  attempts=$((attempts + 1))
  if out=$(curl --fail --silent --show-error --connect-timeout 5 --max-time 10 "$url" 2>&1); then
    if [ "$out" = "Pong" ]; then
      echo "Harbor's API answers at $url (attempt $attempts)."
      exit 0
    fi
    last="HTTP 2xx, but not Harbor's \\"Pong\\": $(printf '%.100s' "$out")"
  else
    last="$out"
  fi
  [ "$(date +%s)" -ge "$deadline" ] && break
  sleep "$HARBOR_WAIT_INTERVAL"
done
cat >&2 <<EOF
Harbor's API did not answer at $url within $HARBOR_WAIT_SECONDS s ($attempts attempts, TLS certificate verified).
Last result: $last
Likely causes on a first deploy, or after the host name changed:
  - DNS does not resolve the host to the load balancer yet (check: dig +short $host).
  - The certificate is not issued yet, or is not publicly trusted (Let's Encrypt staging):
      kubectl -n $HARBOR_NAMESPACE get certificate,certificaterequest,order,challenge
  - Harbor is not running: kubectl -n $HARBOR_NAMESPACE get pods
Fix the cause and deploy this stack again: the check runs again.
EOF
exit 1`;

/**
 * A bounded wait until Harbor's API answers over verified HTTPS: a `terraform_data` whose `local-exec`
 * provisioner polls `https://<hostname>/api/v2.0/ping` until it returns `Pong`, or fails after `timeoutMinutes`
 * with a message that says what to check. On a first deploy Helm returns before cert-manager has issued the
 * certificate and before DNS has propagated; resources that call Harbor's API depend on this (`dependsOn`).
 *
 * The provisioner runs when the resource is created: on the first deploy, again when the URL or a trigger
 * changes (replacement), and again after a failed run (Terraform taints the resource). It never runs on
 * destroy, and destroying the resource does nothing. It needs `sh` and `curl` where Terraform runs.
 * Providers: none (a `terraform_data`, built into Terraform).
 */
export class HarborApiReady extends Construct implements ITerraformDependable {
  /** The URL the check calls. */
  public readonly url: string;
  /** The `terraform_data` that runs the check. */
  public readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: HarborApiReadyProps) {
    super(scope, id);
    if (!HOSTNAME_PATTERN.test(props.hostname)) {
      throw new ValidationError(
        this,
        "hostname",
        `must be a lowercase fully qualified domain name, got "${props.hostname}"`,
      );
    }
    const timeoutMinutes = props.timeoutMinutes ?? 15;
    const intervalSeconds = props.intervalSeconds ?? 10;
    for (const [name, value, max] of [
      ["timeoutMinutes", timeoutMinutes, 60],
      ["intervalSeconds", intervalSeconds, 300],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > max) {
        throw new ValidationError(this, name, `must be a whole number from 1 to ${max}, got ${value}`);
      }
    }
    this.url = `https://${props.hostname}/api/v2.0/ping`;
    this.resource = new TerraformData(this, "Resource", {
      triggersReplace: { url: this.url, ...props.triggers },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/sh", "-c"],
          // A constant script: the host name reaches it through the environment, never through the command
          // text, so no value can change what the shell runs.
          command: HARBOR_PING_SCRIPT,
          environment: {
            HARBOR_PING_URL: this.url,
            HARBOR_WAIT_SECONDS: String(timeoutMinutes * 60),
            HARBOR_WAIT_INTERVAL: String(intervalSeconds),
            HARBOR_NAMESPACE: props.namespace ?? "harbor",
          },
        },
      ],
    });
  }

  /** The `terraform_data` address, so the construct itself can be listed in `dependsOn`. */
  public get fqn(): string {
    return this.resource.fqn;
  }
}

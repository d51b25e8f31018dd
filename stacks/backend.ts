import { Construct } from "constructs";
import { LocalBackend, S3Backend, S3BackendConfig } from "cdktf";
import { BackendConfig } from "../config/resolve";
import { spacesEndpoint } from "../constructs/digitalocean/regions";

/**
 * S3 backend settings for a DigitalOcean Spaces bucket. Spaces speaks the S3 API but is not AWS:
 * the AWS-only checks (credentials via STS, account id, region name, EC2 metadata, checksums Spaces
 * does not implement) are skipped. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * (a Spaces key), never from the configuration.
 */
export function spacesBackendConfig(backend: BackendConfig, stackName: string): S3BackendConfig {
  return {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackName}.tfstate`,
    // Only used to sign requests; Spaces ignores it, the endpoint selects the region.
    region: "us-east-1",
    endpoints: { s3: spacesEndpoint(backend.region) },
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipS3Checksum: true,
    usePathStyle: false,
  };
}

/**
 * Local state lives in the project folder, where cdktf keeps it by default, so deleting cdktf.out
 * loses nothing. The path is relative to the stack's folder (cdktf.out/stacks/<stack>), where
 * Terraform runs; cdktf's default is an absolute path, which would tie cdk.tf.json to this machine.
 * Sibling stacks reading this state (cross-stack references) resolve the same path.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/** Remote state on Spaces when configured, else a local state file in the project folder. */
export function configureBackend(stack: Construct, stackName: string, backend: BackendConfig | undefined): void {
  if (backend === undefined) {
    new LocalBackend(stack, { path: localStatePath(stackName) });
  } else {
    new S3Backend(stack, spacesBackendConfig(backend, stackName));
  }
}

import { Construct } from "constructs";
import { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import { bucketNameProblem } from "./naming";
import { regionProblem, spacesEndpoint } from "./regions";
import { checkProp, wholeNumberProblem } from "../core/validation";
import { TerraformData, resourceAddress } from "../core/terraform-data";

/** Properties of a {@link RegistryBucket}. */
export interface RegistryBucketProps {
  /**
   * Bucket name: 3-63 lowercase letters, digits and hyphens, unique in the region across all customers. A Terraform
   * reference is not checked here.
   */
  readonly bucketName: string;
  /** Region slug with Spaces, e.g. `fra1` (`SPACES_REGIONS`). A Terraform reference is not checked here. */
  readonly region: string;
  /** Keep earlier versions of overwritten or deleted objects. @default true */
  readonly versioning?: boolean;
  /** Days after which unfinished multipart uploads (interrupted pushes) are removed. @default 3 */
  readonly abortIncompleteUploadsAfterDays?: number;
  /**
   * Days a deleted or overwritten object stays recoverable when versioning is on. Without a limit,
   * blobs that Harbor's garbage collection deletes would be kept (and billed) forever.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Refuse to destroy the bucket (`lifecycle.prevent_destroy`). A new `bucketName` is a replacement too, so with
   * protection on it fails at plan time.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * A private Spaces bucket for registry blobs, and a Spaces key that can read and write this bucket
 * only.
 * Providers: the stack needs DigitaloceanProvider (with Spaces keys).
 */
export class RegistryBucket extends Construct {
  /** Bucket name. */
  public readonly bucketName: string;
  /** Region slug. */
  public readonly region: string;
  /** S3 endpoint of the region, `https://<region>.digitaloceanspaces.com`. */
  public readonly endpoint: string;
  /** Access key id of the bucket-scoped key (sensitive reference). */
  public readonly accessKeyId: string;
  /** Secret of the bucket-scoped key (sensitive reference). */
  public readonly secretAccessKey: string;
  /** The `terraform_data` that records the bucket name; replacing it (a new name) replaces the bucket. */
  public readonly nameRecord: TerraformData;

  constructor(scope: Construct, id: string, props: RegistryBucketProps) {
    super(scope, id);
    checkProp(this, "bucketName", props.bucketName, bucketNameProblem(props.bucketName));
    checkProp(this, "region", props.region, regionProblem("spaces", props.region));
    const abortDays = props.abortIncompleteUploadsAfterDays ?? 3;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 30;
    checkProp(this, "abortIncompleteUploadsAfterDays", abortDays, wholeNumberProblem(abortDays, 1));
    checkProp(this, "noncurrentVersionExpirationDays", noncurrentDays, wholeNumberProblem(noncurrentDays, 1));
    const versioning = props.versioning ?? true;

    // The provider does not replace a bucket when its name changes (`name` is not ForceNew in
    // resource_spaces_bucket.go, v2.71.0): it plans an in-place update that touches nothing in Spaces, reads the
    // OLD bucket by id and writes the new name into state, so Harbor would follow the name to an empty bucket
    // that does not exist. Tying the bucket to a record of its name makes a rename a planned replacement,
    // which `prevent_destroy` refuses at plan time. Creating this record later (upgrading an existing stack)
    // triggers nothing: only an update or replacement of it does.
    this.nameRecord = new TerraformData(this, "Name", { triggersReplace: { name: props.bucketName } });

    const bucket = new SpacesBucket(this, "Resource", {
      name: props.bucketName,
      region: props.region,
      acl: "private",
      forceDestroy: false,
      versioning: { enabled: versioning },
      lifecycleRule: [
        { id: "abort-incomplete-uploads", enabled: true, abortIncompleteMultipartUploadDays: abortDays },
        ...(versioning
          ? [{ id: "expire-noncurrent-versions", enabled: true, noncurrentVersionExpiration: { days: noncurrentDays } }]
          : []),
      ],
      lifecycle: { preventDestroy: props.protect ?? true, replaceTriggeredBy: [resourceAddress(this.nameRecord)] },
    });
    const key = new SpacesKey(this, "AccessKey", {
      name: `${props.bucketName}-registry`,
      grant: [{ bucket: bucket.name, permission: "readwrite" }],
      // A replaced key (rotation) exists before the old one is deleted, so the Secret can switch over.
      // A replaced bucket (new name) does not replace the key: `name` and `grant` update in place
      // (spaces_entities.go, v2.71.0), so the same credentials move to the new bucket and lose the old one.
      // create_before_destroy here also makes the bucket create-before-destroy (Terraform propagates it to
      // dependencies): a new bucket exists before the old, non-empty one is refused deletion.
      lifecycle: { createBeforeDestroy: true },
    });

    this.bucketName = bucket.name;
    this.region = props.region;
    this.endpoint = spacesEndpoint(props.region);
    this.accessKeyId = key.accessKey;
    this.secretAccessKey = key.secretKey;
  }
}

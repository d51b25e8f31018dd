import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { ValidationError } from "../core/errors";
import { namespaceNameProblem } from "../core/naming";
import { checkProp } from "../core/validation";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import {
  INTERNAL_TLS_COMPONENTS,
  INTERNAL_TLS_VALIDITY,
  InternalTlsSecretNames,
  internalTlsDnsNames,
  internalTlsIpAddresses,
  internalTlsSecretNames,
} from "./internal-tls";

/** Properties of a {@link HarborInternalTls}. */
export interface HarborInternalTlsProps {
  /** Namespace of the Harbor release (a reference to the namespace resource, so the Secrets wait for it). */
  readonly namespace: string;
  /** Harbor release name: decides the Service names the certificates carry and the Secret names. */
  readonly releaseName: string;
  /**
   * The namespace's literal name, for the certificates' DNS names, when `namespace` is a reference.
   * @default namespace
   */
  readonly namespaceName?: string;
}

/**
 * The CA and one certificate per Harbor component for the chart's internal TLS, made by Terraform's `tls` provider
 * and handed to the chart in Kubernetes Secrets (chart `internalTLS.certSource: secret`), so they stay the same
 * across upgrades until they are due for renewal (see {@link INTERNAL_TLS_VALIDITY}). The CA's private key is kept
 * in Terraform's state only; the cluster gets the CA certificate (in every component Secret and, alone, in
 * {@link InternalTlsSecretNames.ca} for clients outside the release).
 *
 * Lifecycle: a new CA (renewal, or `terraform apply -replace` of its key or certificate) re-issues every component
 * certificate (`tls_locally_signed_cert` replaces itself when `ca_cert_pem` changes); a component's certificate is
 * re-issued alone when its key or names change (new release name or namespace). Either way the Secrets are updated in
 * place and {@link certificatesHash} changes, which rolls the pods. Destroy deletes the Secrets with the release.
 *
 * Providers: the stack needs KubernetesProvider and TlsProvider.
 */
export class HarborInternalTls extends Construct {
  public readonly secretNames: InternalTlsSecretNames;
  /** The CA certificate (PEM; public). */
  public readonly caCertificatePem: string;
  /** SHA-256 over the CA and every component certificate (a Terraform expression; public). */
  public readonly certificatesHash: string;
  /** Every Secret made here; the release must wait for them. */
  public readonly secrets: SecretV1[];
  /** The Secret with only the CA certificate (key `ca.crt`). */
  public readonly caSecret: SecretV1;

  constructor(scope: Construct, id: string, props: HarborInternalTlsProps) {
    super(scope, id);
    const namespaceName = props.namespaceName ?? props.namespace;
    if (Token.isUnresolved(namespaceName)) {
      throw new ValidationError(
        this,
        "namespaceName",
        "must be a literal (it goes into the certificates' DNS names); pass it when namespace is a reference",
      );
    }
    checkProp(this, "namespaceName", namespaceName, namespaceNameProblem(namespaceName));
    this.secretNames = internalTlsSecretNames(props.releaseName);
    const { caHours, caEarlyRenewalHours, certificateHours, certificateEarlyRenewalHours } = INTERNAL_TLS_VALIDITY;

    const caKey = new PrivateKey(this, "CaKey", { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const ca = new SelfSignedCert(this, "Ca", {
      privateKeyPem: caKey.privateKeyPem,
      subject: [{ commonName: `${props.releaseName}.${namespaceName} harbor-doks internal CA` }],
      validityPeriodHours: caHours,
      earlyRenewalHours: caEarlyRenewalHours,
      isCaCertificate: true,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
    this.caCertificatePem = ca.certPem;

    const inNamespace = (name: string) => ({ name, namespace: props.namespace });
    const certificates: string[] = [];
    this.secrets = INTERNAL_TLS_COMPONENTS.map((component) => {
      const idPrefix = component[0].toUpperCase() + component.slice(1);
      const key = new PrivateKey(this, `${idPrefix}Key`, { algorithm: "ECDSA", ecdsaCurve: "P256" });
      const dnsNames = internalTlsDnsNames(props.releaseName, namespaceName, component);
      const request = new CertRequest(this, `${idPrefix}Request`, {
        privateKeyPem: key.privateKeyPem,
        subject: [{ commonName: dnsNames[0] }],
        dnsNames,
        ipAddresses: internalTlsIpAddresses(component),
      });
      const certificate = new LocallySignedCert(this, `${idPrefix}Certificate`, {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        validityPeriodHours: certificateHours,
        earlyRenewalHours: certificateEarlyRenewalHours,
        // client_auth too: Harbor's clients present their own certificate (src/common/http/tls.go
        // GetInternalTLSConfig), which a server verifies only with INTERNAL_VERIFY_CLIENT_CERT.
        allowedUses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
      });
      certificates.push(certificate.certPem);
      return new SecretV1(this, `${idPrefix}Secret`, {
        metadata: inNamespace(this.secretNames.components[component]),
        type: "kubernetes.io/tls",
        data: { "ca.crt": ca.certPem, "tls.crt": certificate.certPem, "tls.key": key.privateKeyPem },
      });
    });
    this.caSecret = new SecretV1(this, "CaSecret", {
      metadata: inNamespace(this.secretNames.ca),
      data: { "ca.crt": ca.certPem },
    });
    this.secrets.push(this.caSecret);
    // jsonencode, not join: a string literal in the expression would end the quoted YAML scalar it is interpolated into.
    this.certificatesHash = Token.asString(Fn.sha256(Fn.jsonencode([ca.certPem, ...certificates])));
  }
}

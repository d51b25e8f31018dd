import { Construct } from "constructs";
import { DataKubernetesNamespaceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-namespace-v1";

/** Label the Harbor construct puts on a namespace it creates. */
export const MANAGED_BY_LABEL = { key: "app.kubernetes.io/managed-by", value: "harbor-doks" } as const;

/** Properties of an {@link ExistingNamespace}. */
export interface ExistingNamespaceProps {
  /** Name of the namespace, which must exist. */
  readonly name: string;
}

/**
 * A namespace someone else owns, looked up at plan time. The plan fails when it does not exist, and when it carries
 * the label of a namespace this project created ({@link MANAGED_BY_LABEL}): that is a switch from `createNamespace:
 * true` to `false`, where the namespace's block leaves the configuration and Terraform would delete the namespace,
 * and Harbor with it. The message says how to hand it over: forget it in the state, then drop the label.
 *
 * Providers: the stack needs KubernetesProvider.
 */
export class ExistingNamespace extends Construct {
  /** The namespace's name, read from the cluster (so that what uses it waits for the lookup). */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: ExistingNamespaceProps) {
    super(scope, id);
    const label = JSON.stringify(MANAGED_BY_LABEL.key);
    const namespace = new DataKubernetesNamespaceV1(this, "Resource", {
      metadata: { name: props.name },
      lifecycle: {
        postcondition: [
          {
            condition: '${try(self.metadata[0].uid, "") != ""}',
            errorMessage:
              `Namespace "${props.name}" does not exist. With createNamespace: false Harbor is released into an ` +
              `existing namespace: create it (kubectl create namespace ${props.name}), or set createNamespace: true.`,
          },
          {
            condition: `\${try(self.metadata[0].labels[${label}], "") != ${JSON.stringify(MANAGED_BY_LABEL.value)}}`,
            errorMessage:
              `Namespace "${props.name}" was created by this project (label ${MANAGED_BY_LABEL.key}=` +
              `${MANAGED_BY_LABEL.value}), and with createNamespace: false this deploy would delete it, with Harbor in ` +
              `it. To hand it over: terraform state rm the stack's kubernetes_namespace_v1 for it (the namespace ` +
              `stays), then kubectl label namespace ${props.name} ${MANAGED_BY_LABEL.key}- and deploy again.`,
          },
        ],
      },
    });
    this.namespaceName = namespace.metadata.name;
  }

  /** @deprecated Use {@link ExistingNamespace.namespaceName}; removed in the next release. */
  public get name(): string {
    return this.namespaceName;
  }
}

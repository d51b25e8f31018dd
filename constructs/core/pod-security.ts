/**
 * Labels that make the API server reject any pod that does not meet Pod Security "restricted" (`enforce`), and
 * record and warn about it too (`audit`, `warn`), at the Kubernetes release the cluster runs (`latest`). On every
 * namespace the project creates; every pod it renders meets the profile (a test checks each against its fields).
 */
export const RESTRICTED_POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/audit-version": "latest",
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/warn-version": "latest",
};

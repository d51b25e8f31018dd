// The fields of Pod Security "restricted" (Kubernetes v1.33, kubernetes.io/docs/concepts/security/pod-security-standards)
// checked on a pod spec, so tests can hold every rendered pod (local and remote charts) to the profile the
// project's namespaces enforce.
import type { Manifest } from "./charts";

const ALLOWED_VOLUMES = [
  "configMap",
  "emptyDir",
  "projected",
  "secret",
  "downwardAPI",
  "persistentVolumeClaim",
  "ephemeral",
  "csi",
];

/** Sysctls the baseline (and so restricted) profile allows. */
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/** What in a pod spec breaks Pod Security "restricted"; also flags literal secrets in env values. */
export function restrictedViolations(pod: Manifest): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  for (const key of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[key]) problems.push(key);
  if (podContext.windowsOptions?.hostProcess) problems.push("windows hostProcess");
  for (const sysctl of podContext.sysctls ?? []) {
    if (!SAFE_SYSCTLS.includes(sysctl.name)) problems.push(`sysctl ${sysctl.name}`);
  }
  const seLinuxType = (context: Manifest) => context.seLinuxOptions?.type;
  const badSeLinux = (type: string | undefined) =>
    type !== undefined && type !== "" && !["container_t", "container_init_t", "container_kvm_t"].includes(type);
  if (badSeLinux(seLinuxType(podContext))) problems.push("seLinux type");
  if (podContext.seLinuxOptions?.user || podContext.seLinuxOptions?.role) problems.push("seLinux user/role");
  const appArmor = (context: Manifest) => context.appArmorProfile?.type;
  if (appArmor(podContext) === "Unconfined") problems.push("appArmor Unconfined");
  for (const volume of pod.volumes ?? []) {
    const kind = Object.keys(volume).find((k) => k !== "name");
    if (!ALLOWED_VOLUMES.includes(kind ?? "")) problems.push(`volume type ${kind}`);
  }
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const container of containers) {
    const context = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (context.privileged) problems.push(`${where}: privileged`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation not false`);
    if (!(context.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities not dropped`);
    if ((context.capabilities?.add ?? []).some((c: string) => c !== "NET_BIND_SERVICE"))
      problems.push(`${where}: adds capabilities`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot not true`);
    if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where}: runs as root`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`${where}: no seccomp profile`);
    if (context.procMount !== undefined && context.procMount !== "Default") problems.push(`${where}: procMount`);
    if (badSeLinux(seLinuxType(context))) problems.push(`${where}: seLinux type`);
    if (appArmor(context) === "Unconfined") problems.push(`${where}: appArmor Unconfined`);
    if (context.windowsOptions?.hostProcess) problems.push(`${where}: windows hostProcess`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${where}: hostPort`);
    for (const env of container.env ?? []) {
      if (/PASSWORD|SECRET|TOKEN|KEY/i.test(env.name) && env.value !== undefined)
        problems.push(`${where}: ${env.name} has a literal value`);
    }
  }
  return problems;
}

/** The pod template of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob), or of a Pod itself. */
export function podSpecOf(doc: Manifest): Manifest | undefined {
  switch (doc.kind) {
    case "Pod":
      return doc.spec;
    case "CronJob":
      return doc.spec.jobTemplate.spec.template.spec;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return doc.spec.template.spec;
    default:
      return undefined;
  }
}

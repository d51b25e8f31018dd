{{/* The peer the ingress controller connects from: its namespace, or any namespace when it is not known. */}}
{{- define "harbor-namespace.ingressPeer" -}}
{{- if .Values.networkPolicies.ingressNamespace -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.networkPolicies.ingressNamespace }}
{{- else -}}
- namespaceSelector: {}
{{- end -}}
{{- end -}}

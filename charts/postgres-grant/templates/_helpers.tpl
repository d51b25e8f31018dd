{{/*
libpq's TLS settings: with caCertificateBase64, verify the server against it (sslMode verify-ca or verify-full, the file
from the ConfigMap this chart renders); without, require TLS but trust any server.
*/}}
{{- define "postgres-grant.sslEnv" -}}
{{- if .Values.caCertificateBase64 }}
{{- if not (has .Values.sslMode (list "verify-ca" "verify-full")) }}
{{- fail (printf "sslMode must be verify-ca or verify-full when caCertificateBase64 is set, got %q" .Values.sslMode) }}
{{- end }}
- name: PGSSLMODE
  value: {{ .Values.sslMode | quote }}
- name: PGSSLROOTCERT
  value: /etc/harbor-doks/database-ca/ca.crt
{{- else }}
- name: PGSSLMODE
  value: require
{{- end }}
{{- end -}}

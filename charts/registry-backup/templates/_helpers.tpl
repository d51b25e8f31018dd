{{/*
Pod Security "restricted" at pod level: non-root, RuntimeDefault seccomp; no service account token, no service links.
*/}}
{{- define "registry-backup.podSpec" -}}
restartPolicy: Never
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .Values.placement }}
{{ toYaml . }}
{{- end }}
securityContext:
  runAsNonRoot: true
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{/*
Pod Security "restricted" at container level, plus a read-only root filesystem (scratch space is an emptyDir).
*/}}
{{- define "registry-backup.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
{{- end }}

{{/*
rclone's configuration, from environment variables only (RCLONE_CONFIG_<REMOTE>_<OPTION>): remotes "primary" and
"backup", S3 on DigitalOcean Spaces, one key (read on the primary bucket, read-write on the backup bucket) from the
Secret. RCLONE_CONFIG=/dev/null keeps rclone from looking for a config file.
*/}}
{{- define "registry-backup.rcloneEnv" -}}
- name: RCLONE_CONFIG
  value: /dev/null
- name: XDG_CACHE_HOME
  value: /tmp
{{- range $remote, $endpoint := dict "PRIMARY" .Values.primary.endpoint "BACKUP" .Values.backup.endpoint }}
- name: RCLONE_CONFIG_{{ $remote }}_TYPE
  value: s3
- name: RCLONE_CONFIG_{{ $remote }}_PROVIDER
  value: DigitalOcean
- name: RCLONE_CONFIG_{{ $remote }}_ENDPOINT
  value: {{ required (printf "%s endpoint is required" ($remote | lower)) $endpoint | quote }}
- name: RCLONE_CONFIG_{{ $remote }}_ACL
  value: private
- name: RCLONE_CONFIG_{{ $remote }}_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ required "credentialsSecret is required" $.Values.credentialsSecret | quote }}
      key: SPACES_ACCESS_KEY_ID
- name: RCLONE_CONFIG_{{ $remote }}_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.credentialsSecret | quote }}
      key: SPACES_SECRET_ACCESS_KEY
{{- end }}
- name: PRIMARY_BUCKET
  value: {{ required "primary.bucket is required" .Values.primary.bucket | quote }}
- name: BACKUP_BUCKET
  value: {{ required "backup.bucket is required" .Values.backup.bucket | quote }}
{{- end }}

{{- define "registry-backup.cronJobSpec" -}}
schedule: {{ required "schedule is required" .Values.schedule | quote }}
timeZone: {{ .Values.timeZone | quote }}
# A run still going when the next one is due keeps going alone: two copies of one bucket never race.
concurrencyPolicy: Forbid
# A run missed by more than an hour (controller down) is skipped, not started late at a busy time.
startingDeadlineSeconds: 3600
successfulJobsHistoryLimit: 3
# Failed runs keep their pods and logs (restartPolicy Never) for `kubectl logs`.
failedJobsHistoryLimit: 3
{{- end }}

{{/*
libpq's TLS settings for the dump: with database.caCertificateBase64, verify the server against it (database.sslMode
verify-ca or verify-full, the file from the ConfigMap this chart renders); without, require TLS but trust any server.
*/}}
{{- define "registry-backup.databaseSslEnv" -}}
{{- if .Values.database.caCertificateBase64 }}
{{- if not (has .Values.database.sslMode (list "verify-ca" "verify-full")) }}
{{- fail (printf "database.sslMode must be verify-ca or verify-full when database.caCertificateBase64 is set, got %q" .Values.database.sslMode) }}
{{- end }}
- name: PGSSLMODE
  value: {{ .Values.database.sslMode | quote }}
- name: PGSSLROOTCERT
  value: /etc/harbor-doks/database-ca/ca.crt
{{- else }}
- name: PGSSLMODE
  value: require
{{- end }}
{{- end }}

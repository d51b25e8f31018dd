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
Secret; with upgradeDumpOnly the "backup" remote alone (the bucket the dump goes to). RCLONE_CONFIG=/dev/null keeps
rclone from looking for a config file.
*/}}
{{- define "registry-backup.rcloneEnv" -}}
{{- $remotes := dict "BACKUP" .Values.backup.endpoint -}}
{{- if not .Values.upgradeDumpOnly }}{{ $_ := set $remotes "PRIMARY" .Values.primary.endpoint }}{{ end -}}
- name: RCLONE_CONFIG
  value: /dev/null
- name: XDG_CACHE_HOME
  value: /tmp
{{- range $remote, $endpoint := $remotes }}
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
{{- if not .Values.upgradeDumpOnly }}
- name: PRIMARY_BUCKET
  value: {{ required "primary.bucket is required" .Values.primary.bucket | quote }}
{{- end }}
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

{{/*
The pod template of a database dump (the CronJob's runs and the pre-upgrade dump): pg_dump into an emptyDir (init
container), then rclone uploads it to <backup bucket>/database/ (with upgradeDumpOnly, <Harbor's bucket>/database/).
Context: dict "root" (the chart's context) and "label" (files/dump.sh's DUMP_LABEL, part of the dump's name; empty:
none).
*/}}
{{- define "registry-backup.dumpPodTemplate" -}}
{{- $root := .root -}}
template:
  metadata:
    labels:
      app.kubernetes.io/name: {{ $root.Release.Name }}-database
  spec:
    {{- include "registry-backup.podSpec" $root | nindent 4 }}
    initContainers:
      - name: pg-dump
        image: {{ required "postgresImage is required" $root.Values.postgresImage | quote }}
        command:
          - sh
          - -c
          # The chart's files/dump.sh, verbatim.
          - {{ required "files/dump.sh is missing from the chart" ($root.Files.Get "files/dump.sh") | quote }}
        env:
          - name: DUMP_DIR
            value: /work
          {{- with .label }}
          - name: DUMP_LABEL
            value: {{ . | quote }}
          {{- end }}
          - name: PGHOST
            value: {{ required "database.host is required" $root.Values.database.host | quote }}
          - name: PGPORT
            value: {{ required "database.port is required" $root.Values.database.port | toString | quote }}
          - name: PGDATABASE
            value: {{ required "database.name is required" $root.Values.database.name | quote }}
          - name: PGUSER
            value: {{ required "database.user is required" $root.Values.database.user | quote }}
          {{- include "registry-backup.databaseSslEnv" $root | nindent 10 }}
          - name: PGCONNECT_TIMEOUT
            value: "10"
          - name: PGAPPNAME
            value: {{ $root.Release.Name | quote }}
          - name: PGPASSWORD
            valueFrom:
              secretKeyRef:
                name: {{ required "credentialsSecret is required" $root.Values.credentialsSecret | quote }}
                key: PGPASSWORD
        {{- include "registry-backup.containerSecurity" $root | nindent 8 }}
          # The postgres image's own user.
          runAsUser: 70
          runAsGroup: 70
        volumeMounts:
          - { name: work, mountPath: /work }
          - { name: tmp, mountPath: /tmp }
          {{- if $root.Values.database.caCertificateBase64 }}
          - { name: database-ca, mountPath: /etc/harbor-doks/database-ca, readOnly: true }
          {{- end }}
        resources:
          requests: { cpu: 100m, memory: 64Mi }
          limits: { memory: 512Mi }
    containers:
      - name: upload
        image: {{ required "rcloneImage is required" $root.Values.rcloneImage | quote }}
        args:
          - copy
          - /work
          - "backup:$(BACKUP_BUCKET)/database"
          - --include=/*.dump
          - --s3-no-check-bucket
          - --retries=3
        env:
          {{- include "registry-backup.rcloneEnv" $root | nindent 10 }}
        {{- include "registry-backup.containerSecurity" $root | nindent 8 }}
          runAsUser: 65534
          runAsGroup: 65534
        volumeMounts:
          - { name: work, mountPath: /work, readOnly: true }
          - { name: tmp, mountPath: /tmp }
        resources:
          requests: { cpu: 50m, memory: 64Mi }
          limits: { memory: 256Mi }
    volumes:
      # The dump lives here between the two containers; node-local disk, bounded.
      - name: work
        emptyDir: { sizeLimit: 20Gi }
      - name: tmp
        emptyDir: { sizeLimit: 64Mi }
      {{- if $root.Values.database.caCertificateBase64 }}
      - name: database-ca
        configMap:
          name: {{ $root.Release.Name }}-database-ca
      {{- end }}
{{- end }}

{{/*
The Harbor chart version this release last recorded (the ConfigMap harbor-doks-harbor-version), or "" when there is
none. During a pre-upgrade hook the live ConfigMap still holds the old value: Helm renders every template before it
applies any of them. `lookup` returns nothing under `helm template` (no cluster).
*/}}
{{- define "registry-backup.previousHarborVersion" -}}
{{- $recorded := lookup "v1" "ConfigMap" .Release.Namespace "harbor-doks-harbor-version" -}}
{{- if $recorded }}{{ index $recorded.data "harborChartVersion" | default "" }}{{ end -}}
{{- end }}

{{/*
The label of the pre-upgrade dump ("<from>-to-<to>"; from "unknown" when no version was recorded, e.g. the first
upgrade of a release installed without it), or "" when no dump is due: not an upgrade, no version set, or the version
unchanged.
*/}}
{{- define "registry-backup.upgradeDumpLabel" -}}
{{- $to := .Values.harborChartVersion | toString -}}
{{- if and $to .Release.IsUpgrade -}}
{{- if not (regexMatch "^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$" $to) -}}
{{- fail (printf "harborChartVersion must be a chart version (letters, digits, . + _ -), got %q" $to) -}}
{{- end -}}
{{- $from := include "registry-backup.previousHarborVersion" . -}}
{{- if ne $from $to }}{{ default "unknown" $from }}-to-{{ $to }}{{ end -}}
{{- end -}}
{{- end }}

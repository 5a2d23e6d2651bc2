{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "ratelimiter-demo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources, at most 63 characters as Kubernetes names allow.
*/}}
{{- define "ratelimiter-demo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ratelimiter-demo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ratelimiter-demo.labels" -}}
helm.sh/chart: {{ include "ratelimiter-demo.chart" . }}
{{ include "ratelimiter-demo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ratelimiter-demo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ratelimiter-demo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ratelimiter-demo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ratelimiter-demo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Full name of the Redis release that the redis dependency installs, computed as Bitnami's charts do.
*/}}
{{- define "ratelimiter-demo.redis.fullname" -}}
{{- if .Values.redis.fullnameOverride }}
{{- .Values.redis.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default "redis" .Values.redis.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Secret with the Redis password, or nothing when Redis needs no password.
*/}}
{{- define "ratelimiter-demo.redis.secretName" -}}
{{- if .Values.redis.enabled }}
{{- if .Values.redis.auth.enabled }}
{{- default (include "ratelimiter-demo.redis.fullname" .) .Values.redis.auth.existingSecret }}
{{- end }}
{{- else if .Values.externalRedis.existingSecret }}
{{- .Values.externalRedis.existingSecret }}
{{- else if .Values.externalRedis.password }}
{{- printf "%s-redis" (include "ratelimiter-demo.fullname" .) }}
{{- end }}
{{- end }}

{{- define "ratelimiter-demo.redis.secretKey" -}}
{{- if .Values.redis.enabled }}
{{- if .Values.redis.auth.existingSecret }}
{{- default "redis-password" .Values.redis.auth.existingSecretPasswordKey }}
{{- else }}
{{- print "redis-password" }}
{{- end }}
{{- else if .Values.externalRedis.existingSecret }}
{{- .Values.externalRedis.existingSecretPasswordKey }}
{{- else }}
{{- print "redis-password" }}
{{- end }}
{{- end }}

{{/*
Environment variables that connect Spring Data Redis to the chosen Redis, as Spring Boot's
spring.data.redis.* properties.
*/}}
{{- define "ratelimiter-demo.redis.env" -}}
{{- $secretName := include "ratelimiter-demo.redis.secretName" . }}
{{- $secretKey := include "ratelimiter-demo.redis.secretKey" . }}
{{- if .Values.redis.enabled }}
- name: SPRING_DATA_REDIS_SENTINEL_MASTER
  value: {{ .Values.redis.sentinel.masterSet | quote }}
- name: SPRING_DATA_REDIS_SENTINEL_NODES
  value: {{ printf "%s:%d" (include "ratelimiter-demo.redis.fullname" .) 26379 | quote }}
{{- else }}
{{- $redis := .Values.externalRedis }}
{{- if eq $redis.mode "standalone" }}
- name: SPRING_DATA_REDIS_HOST
  value: {{ required "externalRedis.host is required in standalone mode" $redis.host | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: {{ $redis.port | quote }}
- name: SPRING_DATA_REDIS_DATABASE
  value: {{ $redis.database | quote }}
{{- else if eq $redis.mode "sentinel" }}
{{- if not $redis.sentinel.nodes }}
{{- fail "externalRedis.sentinel.nodes must list at least one Sentinel as host:port in sentinel mode" }}
{{- end }}
- name: SPRING_DATA_REDIS_SENTINEL_MASTER
  value: {{ required "externalRedis.sentinel.master is required in sentinel mode" $redis.sentinel.master | quote }}
- name: SPRING_DATA_REDIS_SENTINEL_NODES
  value: {{ join "," $redis.sentinel.nodes | quote }}
- name: SPRING_DATA_REDIS_DATABASE
  value: {{ $redis.database | quote }}
{{- else if eq $redis.mode "cluster" }}
{{- if not $redis.cluster.nodes }}
{{- fail "externalRedis.cluster.nodes must list at least one node as host:port in cluster mode" }}
{{- end }}
- name: SPRING_DATA_REDIS_CLUSTER_NODES
  value: {{ join "," $redis.cluster.nodes | quote }}
{{- else }}
{{- fail (printf "externalRedis.mode is '%s', but must be one of standalone, sentinel, cluster" $redis.mode) }}
{{- end }}
{{- with $redis.username }}
- name: SPRING_DATA_REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if $redis.ssl }}
- name: SPRING_DATA_REDIS_SSL_ENABLED
  value: "true"
{{- end }}
{{- end }}
{{- if $secretName }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $secretKey }}
{{- if or (and .Values.redis.enabled .Values.redis.auth.sentinel) (and (not .Values.redis.enabled) (eq .Values.externalRedis.mode "sentinel") .Values.externalRedis.sentinel.usePassword) }}
- name: SPRING_DATA_REDIS_SENTINEL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $secretKey }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Contents of /config/application.yml.
*/}}
{{- define "ratelimiter-demo.applicationConfig" -}}
{{- $management := dict
      "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))
      "endpoints" (dict "web" (dict "exposure" (dict "include" (ternary "health,prometheus" "health" .Values.serviceMonitor.enabled)))) }}
{{- $config := dict
      "ratelimiter" (deepCopy .Values.ratelimiter)
      "management" $management
      "server" (dict "port" .Values.containerPort)
      "demo" (dict "redis-fallback" (dict "enabled" false)) }}
{{- if and (not .Values.redis.enabled) (eq .Values.externalRedis.mode "cluster") }}
{{- $_ := set $config "spring" (dict "data" (dict "redis" (dict "lettuce" (dict "cluster" (dict "refresh" (dict "adaptive" true)))))) }}
{{- end }}
{{- toYaml (mustMergeOverwrite $config (deepCopy .Values.extraConfig)) }}
{{- end }}

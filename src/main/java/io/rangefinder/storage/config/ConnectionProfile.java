package io.rangefinder.storage.config;

import io.rangefinder.storage.ObjectUri;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * How to reach one store: plain data, saved as JSON in the connections file and built by the CLI
 * from its options and the standard environment variables. Prefer references (an AWS profile
 * name, a credentials file, DefaultAzureCredential) to copied secrets; secrets that must be held
 * are {@link Secret}s, masked in {@code toString}. Fields that do not apply to a kind are null.
 *
 * @param name what the user calls it ("Local", "prod-s3", ...)
 * @param kind which kind of store
 * @param endpoint S3: custom endpoint URL (MinIO, Ceph, R2, S3Proxy); Azure: blob service URL
 *        (e.g. {@code http://127.0.0.1:10000/devstoreaccount1}); GCS: emulator host URL
 * @param region S3 region; null lets the SDK's provider chain decide
 * @param awsProfile S3: a named profile from ~/.aws/config and ~/.aws/credentials (SSO and
 *        credential_process as the SDK supports them)
 * @param pathStyle S3: path-style addressing (needed by most S3-compatible stores)
 * @param checksumWhenRequired S3: send and check checksums only when the operation requires it
 *        (for servers that reject the SDK's default CRC headers)
 * @param accessKeyId S3 static access key id (not secret on its own)
 * @param secretAccessKey S3 static secret key
 * @param sessionToken S3 session token for temporary keys
 * @param accountName Azure storage account
 * @param accountKey Azure shared key
 * @param connectionString Azure connection string
 * @param sasToken Azure SAS token (without the leading '?')
 * @param credentialsFile GCS service-account JSON file
 * @param projectId GCS project (for listing and creating buckets)
 * @param anonymous no credentials at all (public buckets, emulators)
 * @param connectTimeout how long to wait for a TCP connection; null for the default
 * @param requestTimeout how long one request may wait for the server; also the deadline of a whole
 *                       metadata call (list, stat, delete, containers), retries included; null for the defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionProfile(
        String name,
        Kind kind,
        String endpoint,
        String region,
        String awsProfile,
        Boolean pathStyle,
        Boolean checksumWhenRequired,
        String accessKeyId,
        Secret secretAccessKey,
        Secret sessionToken,
        String accountName,
        Secret accountKey,
        Secret connectionString,
        Secret sasToken,
        String credentialsFile,
        String projectId,
        Boolean anonymous,
        Duration connectTimeout,
        Duration requestTimeout) {

    public enum Kind {
        FILE, S3, AZURE, GCS;

        public static Kind of(ObjectUri.Scheme scheme) {
            return switch (scheme) {
                case FILE -> FILE;
                case S3 -> S3;
                case AZURE -> AZURE;
                case GCS -> GCS;
            };
        }
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A listing, stat, delete or container call that has not answered by then has failed: seconds, not minutes. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);

    @JsonIgnore // derived from the field; not a property of its own
    public boolean isPathStyle() {
        return Boolean.TRUE.equals(pathStyle);
    }

    @JsonIgnore // derived from the field; not a property of its own
    public boolean isChecksumWhenRequired() {
        return Boolean.TRUE.equals(checksumWhenRequired);
    }

    @JsonIgnore // derived from the field; not a property of its own
    public boolean isAnonymous() {
        return Boolean.TRUE.equals(anonymous);
    }

    public Duration connectTimeoutOrDefault() {
        return connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    public Duration requestTimeoutOrDefault() {
        return requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    }

    /** The deadline of one metadata call, retries included: the request timeout when one is set. */
    public Duration callTimeoutOrDefault() {
        return requestTimeout == null ? DEFAULT_CALL_TIMEOUT : requestTimeout;
    }

    /**
     * The Azure account this connection reaches, as far as the profile says: its account name, the
     * connection string's AccountName, or the endpoint's; null when none says (or not Azure).
     */
    @JsonIgnore
    public String azureAccount() {
        if (kind != Kind.AZURE) {
            return null;
        }
        if (accountName != null && !accountName.isBlank()) {
            return accountName.strip();
        }
        if (connectionString != null) {
            for (String part : connectionString.reveal().split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("AccountName")) {
                    return part.substring(eq + 1).strip();
                }
            }
        }
        return endpoint == null ? null : azureAccountOf(endpoint);
    }

    /**
     * The account of a blob endpoint: the host's first label ({@code ACCOUNT.blob.core.windows.net}),
     * else the first path segment (Azurite's {@code http://127.0.0.1:10000/ACCOUNT}); null if neither.
     */
    public static String azureAccountOf(String endpoint) {
        try {
            java.net.URI u = java.net.URI.create(endpoint.strip());
            String host = u.getHost() == null ? "" : u.getHost();
            if (host.contains(".blob.")) {
                return host.substring(0, host.indexOf('.'));
            }
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+", "");
            return path.isEmpty() ? null : path.split("/")[0];
        } catch (IllegalArgumentException e) {
            return null; // the client builder reports a bad URL itself
        }
    }

    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    public Builder toBuilder() {
        Builder b = new Builder(kind);
        b.name = name;
        b.endpoint = endpoint;
        b.region = region;
        b.awsProfile = awsProfile;
        b.pathStyle = pathStyle;
        b.checksumWhenRequired = checksumWhenRequired;
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.sessionToken = sessionToken;
        b.accountName = accountName;
        b.accountKey = accountKey;
        b.connectionString = connectionString;
        b.sasToken = sasToken;
        b.credentialsFile = credentialsFile;
        b.projectId = projectId;
        b.anonymous = anonymous;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        return b;
    }

    /** Fluent construction; unset fields stay null (meaning: the SDK's default). */
    public static final class Builder {
        private final Kind kind;
        private String name;
        private String endpoint;
        private String region;
        private String awsProfile;
        private Boolean pathStyle;
        private Boolean checksumWhenRequired;
        private String accessKeyId;
        private Secret secretAccessKey;
        private Secret sessionToken;
        private String accountName;
        private Secret accountKey;
        private Secret connectionString;
        private Secret sasToken;
        private String credentialsFile;
        private String projectId;
        private Boolean anonymous;
        private Duration connectTimeout;
        private Duration requestTimeout;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder endpoint(String v) { endpoint = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder awsProfile(String v) { awsProfile = v; return this; }
        public Builder pathStyle(Boolean v) { pathStyle = v; return this; }
        public Builder checksumWhenRequired(Boolean v) { checksumWhenRequired = v; return this; }
        public Builder accessKeyId(String v) { accessKeyId = v; return this; }
        public Builder secretAccessKey(Secret v) { secretAccessKey = v; return this; }
        public Builder sessionToken(Secret v) { sessionToken = v; return this; }
        public Builder accountName(String v) { accountName = v; return this; }
        public Builder accountKey(Secret v) { accountKey = v; return this; }
        public Builder connectionString(Secret v) { connectionString = v; return this; }
        public Builder sasToken(Secret v) { sasToken = v; return this; }
        public Builder credentialsFile(String v) { credentialsFile = v; return this; }
        public Builder projectId(String v) { projectId = v; return this; }
        public Builder anonymous(Boolean v) { anonymous = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }

        public ConnectionProfile build() {
            return new ConnectionProfile(name, kind, endpoint, region, awsProfile, pathStyle, checksumWhenRequired,
                    accessKeyId, secretAccessKey, sessionToken, accountName, accountKey, connectionString, sasToken,
                    credentialsFile, projectId, anonymous, connectTimeout, requestTimeout);
        }
    }
}

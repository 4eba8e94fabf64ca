package io.rangefinder.storage.s3;

import io.rangefinder.storage.StorageException;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import io.rangefinder.storage.config.ConnectionProfile;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** How an S3 connection is set up from a profile: the HTTP client, the credentials, the region the AWS chain finds. */
final class S3Clients {

    private S3Clients() {
    }

    /** Apache client: pooled, with real aborts; timeouts from the profile. */
    static SdkHttpClient.Builder<?> httpClient(ConnectionProfile profile) {
        return ApacheHttpClient.builder()
                .maxConnections(S3Store.MAX_CONNECTIONS)
                .connectionTimeout(profile.connectTimeoutOrDefault())
                .socketTimeout(profile.requestTimeoutOrDefault())
                .connectionAcquisitionTimeout(profile.requestTimeoutOrDefault())
                .tcpKeepAlive(true);
    }

    static AwsCredentialsProvider credentials(ConnectionProfile p) {
        if (p.isAnonymous()) {
            return AnonymousCredentialsProvider.create();
        }
        String id = blankToNull(p.accessKeyId());
        if (id != null || p.secretAccessKey() != null) {
            if (id == null || p.secretAccessKey() == null) {
                throw new StorageException.InvalidArgument("static S3 keys need both an access key id and a secret "
                        + "access key; " + (id == null ? "the access key id is missing" : "the secret key is missing")
                        + " (or leave both out to use an AWS profile or the environment)");
            }
            return StaticCredentialsProvider.create(p.sessionToken() == null
                    ? AwsBasicCredentials.create(id, p.secretAccessKey().reveal())
                    : AwsSessionCredentials.create(id, p.secretAccessKey().reveal(), p.sessionToken().reveal()));
        }
        if (blankToNull(p.awsProfile()) != null) {
            return ProfileCredentialsProvider.create(p.awsProfile().trim());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static Region regionFromChain(String awsProfile) {
        try {
            DefaultAwsRegionProviderChain chain = blankToNull(awsProfile) == null ? new DefaultAwsRegionProviderChain()
                    : DefaultAwsRegionProviderChain.builder().profileName(awsProfile.trim()).build();
            return chain.getRegion();
        } catch (SdkClientException | IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The endpoint of a profile as a URI, with a clear message for one that is not a URL. */
    static URI endpointUri(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new StorageException.InvalidArgument("invalid S3 endpoint '" + endpoint
                    + "': give a URL such as http://127.0.0.1:9000 or https://s3.example.com", e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new StorageException.InvalidArgument("invalid S3 endpoint '" + endpoint
                    + "': give a URL with scheme and host, such as http://127.0.0.1:9000");
        }
        return uri;
    }

    /**
     * The SDK client of a connection, configured and built on first use: a run that only reads
     * objects on the lean path never pays for it (nor for logback, which the wire-log redactor starts).
     */
    static Supplier<S3Client> sdkClient(ConnectionProfile profile, SdkHttpClient.Builder<?> http,
                                        AwsCredentialsProvider credentials, Region region, boolean crossRegion,
                                        URI endpoint) {
        return () -> {
            WireLogRedactor.install();
            var b = S3Client.builder().httpClientBuilder(http).credentialsProvider(credentials).region(region)
                    .forcePathStyle(profile.isPathStyle());
            if (crossRegion) {
                b.crossRegionAccessEnabled(true);
            }
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            b.authSchemeProvider(unchunkedBodies(S3AuthSchemeProvider.defaultProvider()));
            // checksums on puts and parts are the CRC32C S3Store computes and sends itself
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            if (checksumWhenRequired(profile)) {
                b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            return b.build();
        };
    }

    /**
     * The SDK's S3 auth schemes without aws-chunked bodies. Over plain HTTP the SDK insists on
     * signing the payload, and with chunk encoding it signs every 128 KiB chunk (SHA-256 and HMAC per
     * chunk through a ByteBuffer path): 10 s of client CPU per GiB here, and as much again on the
     * server checking it. Unchunked, it hashes the body once. This is the path for what the lean
     * client does not send (odd metadata, access points); the lean path sends UNSIGNED-PAYLOAD.
     */
    static S3AuthSchemeProvider unchunkedBodies(S3AuthSchemeProvider defaults) {
        return params -> defaults.resolveAuthScheme(params).stream()
                .map(o -> o.toBuilder().putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false).build())
                .toList();
    }

    /**
     * Whether to send and check checksums only when an operation requires them. The profile decides
     * when it says; otherwise the SDK's default (CRC32 on every upload, in an aws-chunked trailer) is
     * kept, also for custom endpoints: AWS accepts it and S3Proxy 4.1 passes every S3 test with it
     * (single and multipart puts), so there is no need to weaken it. S3-compatible servers that
     * reject the trailer need {@code checksumWhenRequired=true}.
     */
    static boolean checksumWhenRequired(ConnectionProfile profile) {
        return profile.isChecksumWhenRequired();
    }
}

package io.rangefinder.storage.s3;

import io.rangefinder.storage.StorageException;
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
}

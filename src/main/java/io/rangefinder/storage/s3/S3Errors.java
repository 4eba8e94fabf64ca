package io.rangefinder.storage.s3;

import io.rangefinder.core.Units;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.internal.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one place S3 failures (service errors and client-side ones, from the SDK or the lean read
 * path, which raises the SDK's types) become typed storage errors with messages a person can act
 * on: what failed, where, and what to check. No message carries a secret.
 */
final class S3Errors {

    private final String endpoint;
    private final Region region;
    private final String accessKeyId;
    private final String awsProfile;
    private final Duration callTimeout;
    private final Redactor redactor;
    /** Asks the server whether a bucket exists (a 404 of a HEAD does not say which of bucket and key is missing). */
    private final Predicate<String> bucketExists;

    S3Errors(String endpoint, Region region, String accessKeyId, String awsProfile, Duration callTimeout,
             Redactor redactor, Predicate<String> bucketExists) {
        this.callTimeout = callTimeout;
        this.endpoint = endpoint;
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.awsProfile = awsProfile;
        this.redactor = redactor;
        this.bucketExists = bucketExists;
    }

    /** Where requests go, for messages: the endpoint, or AWS and the region. */
    private String where() {
        return endpoint != null ? endpoint : "AWS S3 (" + region.id() + ")";
    }

    private String credentialHint() {
        StringBuilder sb = new StringBuilder("check ");
        if (accessKeyId != null) {
            sb.append("the access key id '").append(accessKeyId).append("' and its secret key");
        } else if (awsProfile != null) {
            sb.append("the AWS profile '").append(awsProfile).append("' (aws sso login if it is an SSO profile)");
        } else {
            sb.append("the credentials the AWS default chain found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "AWS_PROFILE, ~/.aws/credentials)");
        }
        sb.append(", the region (").append(region.id()).append(")");
        if (endpoint != null) {
            sb.append(" and that the endpoint ").append(endpoint).append(" is the server the keys belong to");
        }
        return sb.toString();
    }

    /** The one place SDK failures become typed storage errors with messages a person can act on. */
    StorageException map(SdkException e, String container, String key, String action) {
        String what = action + " at " + where();
        StorageException mapped;
        if (e instanceof S3Exception s3e) {
            mapped = mapService(s3e, container, key, what);
        } else {
            mapped = mapClient(e, what);
        }
        return redactor.redacted(mapped, e);
    }

    private StorageException mapService(S3Exception e, String container, String key, String what) {
        int status = e.statusCode();
        String code = errorCode(e);
        String said = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
        String detail = e.awsErrorDetails() == null ? null : blankToNull(e.awsErrorDetails().errorMessage());
        String server = said + (detail == null ? "" : ": " + detail);
        code = code == null ? "" : code;
        switch (code) {
            case "NoSuchBucket" -> {
                return bucketMissing(container, e);
            }
            case "NoSuchKey" -> {
                // The SDK names every 404 of a HEAD "NoSuchKey", also when the bucket is what is missing.
                return bucketExists.test(container) ? objectMissing(container, key, e) : bucketMissing(container, e);
            }
            case "NoSuchUpload" -> {
                return new StorageException.NotFound(what + " failed: the multipart upload no longer exists ("
                        + server + ")", e);
            }
            case "BucketNotEmpty" -> {
                return new StorageException.InvalidArgument("bucket '" + container + "' is not empty: delete its "
                        + "objects (and pending multipart uploads) first", e);
            }
            case "BucketAlreadyOwnedByYou" -> {
                return new StorageException.AlreadyExists("bucket '" + container + "' already exists at " + where()
                        + " and is yours: use it or pick another name", e);
            }
            case "BucketAlreadyExists" -> {
                return new StorageException.AlreadyExists("bucket '" + container + "' already exists at " + where()
                        + " (bucket names are shared by all accounts): pick another name", e);
            }
            case "InvalidAccessKeyId" -> {
                return new StorageException.AccessDenied(what + " failed: the server does not know the access key id"
                        + (accessKeyId == null ? "" : " '" + accessKeyId + "'") + " (" + said + "); "
                        + credentialHint(), e);
            }
            case "SignatureDoesNotMatch" -> {
                return new StorageException.AccessDenied(what + " failed: the request signature does not match ("
                        + said + "): the secret key is wrong for this access key id, or the clock is off; "
                        + credentialHint(), e);
            }
            case "ExpiredToken", "InvalidToken", "TokenRefreshRequired" -> {
                return new StorageException.AccessDenied(what + " failed: the session token is expired or invalid ("
                        + said + "); get fresh temporary credentials (aws sso login, or a new session token)", e);
            }
            case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException" -> {
                return new StorageException.InvalidArgument(what + " failed: " + server + "; the bucket is probably "
                        + "in another region than " + region.id() + ": set the region to the bucket's", e);
            }
            case "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError",
                 "ServiceUnavailable", "OperationAborted" -> {
                return new StorageException.TransientIo(what + " failed: " + server + "; try again", e);
            }
            case "InvalidRange" -> {
                return new StorageException.InvalidArgument(what + " failed: the range is not satisfiable (" + server
                        + ")", e);
            }
            default -> {
                // decided by the status below
            }
        }
        if (status == 404) {
            if (key == null || !bucketExists.test(container)) {
                return bucketMissing(container, e);
            }
            return objectMissing(container, key, e);
        }
        if (status == 403 || "AccessDenied".equals(code)) {
            return new StorageException.AccessDenied(what + " failed: access denied (" + server + "); "
                    + credentialHint() + ", and that they may do this", e);
        }
        if (status == 401) {
            return new StorageException.AccessDenied(what + " failed: not authenticated (" + server + "); "
                    + credentialHint(), e);
        }
        if (status == 409) {
            return new StorageException.AlreadyExists(what + " failed: conflict (" + server + ")", e);
        }
        if (status == 400 || status == 416 || status == 411 || status == 413) {
            return new StorageException.InvalidArgument(what + " failed: the server rejected the request ("
                    + server + ")", e);
        }
        if (status == 429 || status >= 500) {
            return new StorageException.TransientIo(what + " failed: " + server + "; try again", e);
        }
        if (status == 301 || status == 307) {
            return new StorageException.InvalidArgument(what + " failed: " + server + "; the bucket is in another "
                    + "region than " + region.id() + ": set the region to the bucket's", e);
        }
        return new StorageException(what + " failed: " + server, e);
    }

    private StorageException mapClient(SdkException e, String what) {
        String at = endpoint != null ? endpoint : "AWS S3 in " + region.id();
        if (e instanceof ApiCallTimeoutException) {
            return new StorageException.TransientIo(what + " failed: no answer within " + Units.formatDuration(
                    callTimeout.toMillis() / 1000.0) + " (the connection's timeout); is the server up and the endpoint "
                    + "right? (to wait longer: the connection's Timeout, or --timeout in the CLI)", e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return new StorageException.ConnectionFailed("cannot connect to " + at + ": connection refused; "
                        + "is the server running and the endpoint URL right?", e);
            }
            if (c instanceof UnknownHostException) {
                return new StorageException.ConnectionFailed("cannot connect to " + at + ": unknown host '"
                        + c.getMessage() + "'; check the endpoint URL (or the region) and your DNS", e);
            }
            String type = c.getClass().getSimpleName();
            String text = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (type.equals("ConnectTimeoutException")
                    || (c instanceof SocketTimeoutException && text.contains("connect"))) {
                return new StorageException.ConnectionFailed("cannot connect to " + at + ": no answer within the "
                        + "connect timeout; is the host reachable, the port right and no firewall in the way?", e);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return new StorageException.TransientIo(what + " failed: the server sent nothing for "
                        + Units.formatDuration(callTimeout.toMillis() / 1000.0) + " (the connection's timeout); try "
                        + "again, or wait longer (the connection's Timeout, or --timeout in the CLI)", e);
            }
            if (c instanceof IOException) {
                return new StorageException.TransientIo(what + " failed: " + c, e);
            }
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("Unable to load credentials") || text.contains("Unable to load region")
                || text.contains("Profile file contained no credentials") || text.contains("credential")) {
            return new StorageException.AccessDenied(what + " failed: no usable AWS credentials (" + firstLine(text)
                    + "); give an access key and secret, an AWS profile name, or set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY", e);
        }
        if (e instanceof software.amazon.awssdk.core.exception.AbortedException) {
            return new StorageException.TransientIo(what + " was aborted (cancelled or interrupted)", e);
        }
        return new StorageException(what + " failed: " + firstLine(text), e);
    }

    StorageException bucketMissing(String container, Throwable cause) {
        return new StorageException.NotFound("bucket '" + container + "' does not exist at " + where()
                + ": check the name (and region), or create it first", cause);
    }

    static StorageException objectMissing(String container, String key, Throwable cause) {
        return new StorageException.NotFound("object '" + key + "' not found in bucket '" + container + "'", cause);
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : blankToNull(e.awsErrorDetails().errorCode());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** What the SDK's standard retry mode retries: I/O failures, throttling (429, SlowDown) and 5xx. */
    static boolean transientPutFailure(SdkException e) {
        if (e instanceof S3Exception s) {
            return s.statusCode() >= 500 || s.statusCode() == 429 || "SlowDown".equals(errorCode(s));
        }
        return e instanceof software.amazon.awssdk.core.exception.SdkClientException;
    }
}

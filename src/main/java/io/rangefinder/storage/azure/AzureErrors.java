package io.rangefinder.storage.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.rangefinder.core.CancelledException;
import io.rangefinder.core.Units;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.internal.Causes;
import io.rangefinder.storage.internal.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Azure SDK and network failures as typed storage errors: what failed, where, why, what to do; never a key, SAS or connection string. */
final class AzureErrors {

    private final String account;
    private final String endpoint;
    private final Redactor redactor;
    private final Duration callTimeout;

    AzureErrors(String account, String endpoint, Redactor redactor, Duration callTimeout) {
        this.callTimeout = callTimeout;
        this.account = account;
        this.endpoint = endpoint;
        this.redactor = redactor;
    }

    private String where(String container, String key) {
        if (container == null) {
            return "account '" + account + "'";
        }
        if (key == null) {
            return "container '" + container + "' of account '" + account + "'";
        }
        return "'" + key + "' in container '" + container + "' of account '" + account + "'";
    }

    /**
     * The one place that turns an SDK or network failure into a typed {@link StorageException}
     * whose message says what failed, why, and what to do; no key, SAS or connection string.
     */
    StorageException map(Throwable error, String container, String key, String action) {
        if (error instanceof StorageException se) {
            return se;
        }
        if (error instanceof CancelledException ce) {
            throw ce;
        }
        String doing = action + " " + where(container, key);
        BlobStorageException bse = Causes.find(error, BlobStorageException.class);
        if (bse != null) {
            return service(bse.getStatusCode(), bse.getErrorCode(), serviceMessage(bse.getServiceMessage()), bse,
                    container, key, action);
        }
        return network(error, doing);
    }

    /**
     * The service's answer as a typed error: its HTTP status, its error code (x-ms-error-code, or
     * null) and the first line of its message ({@code service}: "" or ": ..." already redacted).
     */
    StorageException service(int status, BlobErrorCode code, String service, Throwable bse, String container,
                             String key, String action) {
        String doing = action + " " + where(container, key);
        String codeText = code == null ? "HTTP " + status : code + ", HTTP " + status;
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) || (status == 404 && key == null && container != null)) {
            return new StorageException.NotFound("container '" + container + "' does not exist in account '"
                    + account + "' (" + codeText + ")", bse);
        }
        if (BlobErrorCode.BLOB_NOT_FOUND.equals(code) || (status == 404 && key != null)) {
            return new StorageException.NotFound("blob '" + key + "' does not exist in container '" + container
                    + "' of account '" + account + "' (" + codeText + ")", bse);
        }
        if (status == 404) {
            return new StorageException.NotFound(doing + " failed: not found (" + codeText + ")" + service, bse);
        }
        if (status == 403 || status == 401 || BlobErrorCode.AUTHENTICATION_FAILED.equals(code)
                || BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)
                || BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)
                || BlobErrorCode.INSUFFICIENT_ACCOUNT_PERMISSIONS.equals(code)) {
            return new StorageException.AccessDenied(doing + " was denied (" + codeText + "): check the "
                    + "account key, or the SAS token's expiry, permissions and allowed services, or the connection "
                    + "string for account '" + account + "' at " + endpoint, bse);
        }
        if (status == 409 && (BlobErrorCode.CONTAINER_ALREADY_EXISTS.equals(code)
                || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code))) {
            return new StorageException.AlreadyExists((key == null
                    ? "container '" + container + "' already exists in account '" + account + "': pick another name"
                    : "blob '" + key + "' already exists in container '" + container + "'") + " (" + codeText + ")", bse);
        }
        if (status == 409 && BlobErrorCode.CONTAINER_BEING_DELETED.equals(code)) {
            return new StorageException.TransientIo(doing + " failed: the container is being deleted; try again "
                    + "in a minute (" + codeText + ")", bse);
        }
        if (status == 416 || BlobErrorCode.INVALID_RANGE.equals(code)) {
            return new StorageException.InvalidArgument(doing + " failed: the range is outside the blob ("
                    + codeText + ")", bse);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new StorageException.TransientIo(doing + " failed: the service is busy or failing ("
                    + codeText + ")" + service + "; try again", bse);
        }
        if (BlobErrorCode.INVALID_RESOURCE_NAME.equals(code) || BlobErrorCode.OUT_OF_RANGE_INPUT.equals(code)) {
            return new StorageException.InvalidArgument(doing + " failed: invalid name (" + codeText + "); "
                    + "container names are 3-63 lowercase letters, digits or single '-', blob names at most "
                    + "1024 characters", bse);
        }
        return new StorageException.InvalidArgument(doing + " failed (" + codeText + ")" + service, bse);
    }

    private StorageException network(Throwable error, String doing) {
        ConnectException refused = Causes.find(error, ConnectException.class);
        if (refused != null) {
            String m = String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT);
            String why = m.contains("timed out") ? "the connection timed out" : "connection refused";
            return new StorageException.ConnectionFailed("cannot connect to " + endpoint + ": " + why
                    + "; is Azurite/the endpoint running? (while " + doing + ")", error);
        }
        if (Causes.find(error, UnknownHostException.class) != null || Causes.find(error, UnresolvedAddressException.class) != null) {
            return new StorageException.ConnectionFailed("cannot connect to " + endpoint + ": unknown host; check the "
                    + "account name and endpoint (while " + doing + ")", error);
        }
        if (Causes.find(error, NoRouteToHostException.class) != null) {
            return new StorageException.ConnectionFailed("cannot connect to " + endpoint + ": no route to host; check "
                    + "the network and endpoint (while " + doing + ")", error);
        }
        Throwable connectTimeout = Causes.findByName(error, "ConnectTimeoutException");
        if (connectTimeout != null) {
            return new StorageException.ConnectionFailed("cannot connect to " + endpoint + ": the connection timed out; "
                    + "is the endpoint reachable? (while " + doing + ")", error);
        }
        if (Causes.findByName(error, "CredentialUnavailableException") != null
                || Causes.findByName(error, "ClientAuthenticationException") != null) {
            return new StorageException.AccessDenied(doing + " failed: no Azure credentials were found or they were "
                    + "rejected (" + redactor.redact(Causes.brief(Causes.rootMessage(error), 120)) + "); sign in with 'az login', or give an account "
                    + "key, SAS token or connection string (AZURE_STORAGE_CONNECTION_STRING)", error);
        }
        if (Causes.find(error, TimeoutException.class) != null || Causes.find(error, SocketTimeoutException.class) != null
                || Causes.findByName(error, "ReadTimeoutException") != null) {
            return new StorageException.TransientIo(doing + " failed: no answer from " + endpoint + " within "
                    + Units.formatDuration(callTimeout.toMillis() / 1000.0) + " (the connection's timeout); is the "
                    + "server up and the endpoint right? (to wait longer: the connection's Timeout, or --timeout in the CLI)", error);
        }
        if (Causes.find(error, InterruptedException.class) != null || Causes.find(error, InterruptedIOException.class) != null) {
            return new StorageException.TransientIo(doing + " was interrupted (cancelled)", error);
        }
        if (Causes.find(error, IOException.class) != null || error instanceof UncheckedIOException) {
            return new StorageException.TransientIo(doing + " failed on the network ("
                    + redactor.redact(Causes.rootMessage(error)) + "); try again", error);
        }
        if (error instanceof IllegalArgumentException) {
            return new StorageException.InvalidArgument(doing + " failed: " + redactor.redact(error.getMessage()), error);
        }
        return new StorageException(doing + " failed: " + redactor.redact(Causes.rootMessage(error)), error);
    }

    /** The service's own words (first line) as ": words", cleaned of anything that could be a credential; "" if none. */
    String serviceMessage(String m) {
        if (m == null || m.isBlank()) {
            return "";
        }
        int nl = m.indexOf('\n');
        return ": " + redactor.redact((nl < 0 ? m : m.substring(0, nl)).strip());
    }
}

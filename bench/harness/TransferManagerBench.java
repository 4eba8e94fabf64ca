// Peer for bench/compare.sh: downloads one S3 object with the AWS SDK's S3TransferManager on the
// CRT-based S3AsyncClient, into a sink that drops the bytes (or into a file), and prints one JSON
// line. Run as a single-file source program on the app's libraries plus target/bench-lib
// (./mvnw -Pbench-peers -DskipTests package):
//   java -cp 'target/lib/*:target/bench-lib/*' bench/harness/TransferManagerBench.java \
//        ENDPOINT BUCKET KEY [discard|FILE] [PART_MIB] [MAX_CONCURRENCY]
//   uploads: ENDPOINT BUCKET KEY upload:PATH [PART_MIB] [MAX_CONCURRENCY] (uploadFile of a file to KEY, or
//   uploadDirectory of a folder under the prefix KEY; on the SDK's Java multipart client, not the CRT)
// Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION.
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.DownloadFileRequest;
import software.amazon.awssdk.transfer.s3.model.DownloadRequest;
import software.amazon.awssdk.transfer.s3.model.UploadDirectoryRequest;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;

public class TransferManagerBench {

    /** Counts the bytes of the response body and keeps none of them. */
    static final class DiscardTransformer implements AsyncResponseTransformer<GetObjectResponse, Long> {
        private final AtomicLong bytes = new AtomicLong();
        private volatile CompletableFuture<Long> result;

        @Override public CompletableFuture<Long> prepare() {
            result = new CompletableFuture<>();
            return result;
        }

        @Override public void onResponse(GetObjectResponse response) { }

        @Override public void onStream(SdkPublisher<ByteBuffer> publisher) {
            publisher.subscribe(new Subscriber<ByteBuffer>() {
                @Override public void onSubscribe(Subscription s) { s.request(Long.MAX_VALUE); }
                @Override public void onNext(ByteBuffer b) { bytes.addAndGet(b.remaining()); }
                @Override public void onError(Throwable t) { result.completeExceptionally(t); }
                @Override public void onComplete() { result.complete(bytes.get()); }
            });
        }

        @Override public void exceptionOccurred(Throwable error) {
            CompletableFuture<Long> r = result;
            if (r != null) r.completeExceptionally(error);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TransferManagerBench ENDPOINT BUCKET KEY [discard|FILE] [PART_MIB] [MAX_CONCURRENCY]");
            System.exit(2);
        }
        String endpoint = args[0], bucket = args[1], key = args[2];
        String sink = args.length > 3 ? args[3] : "discard";
        long partMiB = args.length > 4 ? Long.parseLong(args[4]) : 8;
        int maxConcurrency = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");

        // Uploads run on the SDK's Java multipart client (Netty, maxConcurrency connections): the CRT
        // client's CreateMultipartUpload fails against S3Proxy ("Upload Id not found in
        // create-multipart-upload response"), so it cannot be the upload peer here.
        boolean upload = sink.startsWith("upload:");
        long part = partMiB * 1024 * 1024;
        try (S3AsyncClient client = upload
                     ? S3AsyncClient.builder()
                             .endpointOverride(URI.create(endpoint))
                             .forcePathStyle(true)
                             .region(Region.of(region))
                             .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                             .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency))
                             .multipartEnabled(true)
                             .multipartConfiguration(c -> c.minimumPartSizeInBytes(part).thresholdInBytes(part))
                             .build()
                     : S3AsyncClient.crtBuilder()
                             .endpointOverride(URI.create(endpoint))
                             .forcePathStyle(true)
                             .region(Region.of(region))
                             .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                             .minimumPartSizeInBytes(part)
                             .maxConcurrency(maxConcurrency)
                             .build();
             S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
            long t0 = System.nanoTime();
            long bytes;
            if (upload) {
                Path src = Path.of(sink.substring("upload:".length()));
                if (java.nio.file.Files.isDirectory(src)) {
                    var done = tm.uploadDirectory(UploadDirectoryRequest.builder().source(src).bucket(bucket)
                            .s3Prefix(key).build()).completionFuture().join();
                    if (!done.failedTransfers().isEmpty()) {
                        throw new IllegalStateException(done.failedTransfers().size() + " uploads failed: "
                                + done.failedTransfers().getFirst().exception());
                    }
                    try (var files = java.nio.file.Files.walk(src)) {
                        bytes = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                    }
                } else {
                    tm.uploadFile(UploadFileRequest.builder().putObjectRequest(r -> r.bucket(bucket).key(key)).source(src).build())
                            .completionFuture().join();
                    bytes = java.nio.file.Files.size(src);
                }
                sink = "upload";
            } else if (sink.equals("discard")) {
                bytes = tm.download(DownloadRequest.builder()
                                .getObjectRequest(g -> g.bucket(bucket).key(key))
                                .responseTransformer(new DiscardTransformer())
                                .build())
                        .completionFuture().join().result();
            } else {
                Path dest = Path.of(sink);
                tm.downloadFile(DownloadFileRequest.builder()
                                .getObjectRequest(g -> g.bucket(bucket).key(key))
                                .destination(dest)
                                .build())
                        .completionFuture().join();
                bytes = java.nio.file.Files.size(dest);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT,
                    "{\"bytes\":%d,\"seconds\":%.6f,\"mbPerSec\":%.3f,\"sink\":\"%s\",\"partMiB\":%d,\"maxConcurrency\":%d}%n",
                    bytes, seconds, bytes / seconds / 1e6, sink.equals("discard") || sink.equals("upload") ? sink : "file", partMiB, maxConcurrency);
        }
    }
}

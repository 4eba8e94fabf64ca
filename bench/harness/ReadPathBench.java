// Issue 17 part 3, for bench/compare.sh: the S3 object-read path, four ways, on the same objects and
// the same 16 threads of blocking reads, so that only the HTTP client and the signer differ:
//   lean        Rangefinder's S3Store as shipped: LeanHttp (hand-written HTTP/1.1 pool) + SigV4 (hand-written)
//   sdk         the same S3Store with the lean path off: the AWS SDK's S3Client on its Apache client,
//               response checksums off (what S3Store does for everything but plain reads)
//   sdk-urlconn the SDK's S3Client on its lightest HTTP client (UrlConnectionHttpClient), checksums off
//   jdk         java.net.http.HttpClient (HTTP/1.1) + the SDK's own SigV4 signer (AwsV4HttpSigner);
//               jdk-256k: the same with the client's buffers at 256 KiB (jdk.httpclient.bufsize; 16 KiB by default)
// Prints one JSON line: throughput after a warm-up pass, and the client's CPU time (this process's,
// the server runs in another) per request and per GB. Run on the app's classes and libraries plus
// target/bench-lib (./mvnw -Pbench-peers -DskipTests package):
//   java -cp 'target/classes:target/lib/*:target/bench-lib/*' ReadPathBench PATH ENDPOINT BUCKET big:KEY|small:PREFIX[@N] [THREADS] [RANGE_MIB]
// Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION.
import io.rangefinder.storage.ListPage;
import io.rangefinder.storage.ListRequest;
import io.rangefinder.storage.ObjectInfo;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.storage.s3.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

public class ReadPathBench {

    /** One way of reading: a whole object (length < 0) or a range of it, read to its end and dropped. */
    interface Reader extends AutoCloseable {
        long read(String bucket, String key, long offset, long length, byte[] buf) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    static long drain(InputStream in, byte[] buf) throws IOException {
        long n = 0;
        try (in) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        }
        return n;
    }

    static Reader store(S3Store s) {
        return new Reader() {
            public long read(String bucket, String key, long offset, long length, byte[] buf) throws IOException {
                return drain(length < 0 ? s.get(bucket, key) : s.getRange(bucket, key, offset, length), buf);
            }

            public void close() {
                s.close();
            }
        };
    }

    static Reader sdkUrlConnection(String endpoint, String region, String id, String secret) {
        S3Client c = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(URI.create(endpoint))
                .region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        return new Reader() {
            public long read(String bucket, String key, long offset, long length, byte[] buf) throws IOException {
                ResponseInputStream<GetObjectResponse> in = c.getObject(b -> {
                    b.bucket(bucket).key(key);
                    if (length >= 0) {
                        b.range("bytes=" + offset + "-" + (offset + length - 1));
                    }
                });
                return drain(in, buf);
            }

            public void close() {
                c.close();
            }
        };
    }

    static Reader jdk(String endpoint, String region, String id, String secret, int threads) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(id, secret);
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return new Reader() {
            public long read(String bucket, String key, long offset, long length, byte[] buf) throws Exception {
                SdkHttpRequest.Builder rb = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                        .uri(URI.create(base + "/" + bucket + "/" + encodePath(key)));
                if (length >= 0) {
                    rb.putHeader("Range", "bytes=" + offset + "-" + (offset + length - 1));
                }
                SdkHttpRequest unsigned = rb.build();
                SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
                HttpRequest.Builder hb = HttpRequest.newBuilder(signed.request().getUri()).GET();
                signed.request().forEachHeader((name, values) -> {
                    if (!name.equalsIgnoreCase("Host")) { // the client sends it, as signed
                        values.forEach(v -> hb.header(name, v));
                    }
                });
                HttpResponse<InputStream> resp = http.send(hb.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() / 100 != 2) {
                    String body = new String(resp.body().readAllBytes());
                    throw new IOException("HTTP " + resp.statusCode() + ": " + body);
                }
                return drain(resp.body(), buf);
            }

            public void close() {
                http.close();
            }
        };
    }

    /** S3's path encoding of a key: RFC 3986 unreserved bytes and '/' as they are, every other byte as %XX. */
    static String encodePath(String key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.~/".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    record Job(String key, long offset, long length) {
    }

    /** Runs every job on {@code threads} threads; returns the bytes read. */
    static long run(Reader reader, String bucket, List<Job> jobs, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    byte[] buf = new byte[256 << 10];
                    for (int i; (i = next.getAndIncrement()) < jobs.size(); ) {
                        Job j = jobs.get(i);
                        bytes.addAndGet(reader.read(bucket, j.key(), j.offset(), j.length(), buf));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return bytes.get();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ReadPathBench lean|sdk|sdk-urlconn|jdk|jdk-256k ENDPOINT BUCKET big:KEY|small:PREFIX[@N] [THREADS] [RANGE_MIB]");
            System.exit(2);
        }
        String path = args[0], endpoint = args[1], bucket = args[2], what = args[3];
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        long range = (args.length > 5 ? Long.parseLong(args[5]) : 8) << 20;
        String id = System.getenv("AWS_ACCESS_KEY_ID"), secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        ConnectionProfile profile = ConnectionProfile.builder(ConnectionProfile.Kind.S3).endpoint(endpoint).region(region)
                .pathStyle(true).accessKeyId(id).secretAccessKey(Secret.of(secret)).build();

        // the work, found with the shipped store (not timed)
        List<Job> jobs = new ArrayList<>();
        try (S3Store s = S3Store.open(profile)) {
            if (what.startsWith("big:")) {
                String key = what.substring(4);
                long size = s.stat(bucket, key).size();
                for (long off = 0; off < size; off += range) {
                    jobs.add(new Job(key, off, Math.min(range, size - off)));
                }
            } else if (what.startsWith("small:")) {
                // small:PREFIX or small:PREFIX@N (the first N objects: the same rate, sooner)
                String prefix = what.substring(6);
                int at = prefix.lastIndexOf('@');
                int limit = at < 0 ? Integer.MAX_VALUE : Integer.parseInt(prefix.substring(at + 1));
                prefix = at < 0 ? prefix : prefix.substring(0, at);
                var pages = s.pages(ListRequest.recursive(bucket, prefix));
                while (pages.hasNext() && jobs.size() < limit) {
                    ListPage p = pages.next();
                    for (ObjectInfo o : p.objects()) {
                        if (jobs.size() < limit) {
                            jobs.add(new Job(o.key(), 0, -1));
                        }
                    }
                }
            } else {
                throw new IllegalArgumentException("big:KEY or small:PREFIX, not " + what);
            }
        }
        if (path.equals("sdk")) {
            System.setProperty("rangefinder.s3.lean", "false");
        }
        if (path.equals("jdk-256k")) {
            // the client's read buffer (16 KiB by default), read when its classes load: after this
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 << 10));
        }
        try (Reader reader = switch (path) {
            case "lean", "sdk" -> store(S3Store.open(profile));
            case "sdk-urlconn" -> sdkUrlConnection(endpoint, region, id, secret);
            case "jdk", "jdk-256k" -> jdk(endpoint, region, id, secret, threads);
            default -> throw new IllegalArgumentException("no path " + path);
        }) {
            // warm-up: a tenth of the work (at least a request per thread), not counted
            int warm = Math.max(threads, jobs.size() / 10);
            run(reader, bucket, jobs.subList(0, Math.min(warm, jobs.size())), threads);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long bytes = run(reader, bucket, jobs, threads);
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "{\"path\":\"%s\",\"workload\":\"%s\",\"threads\":%d,\"requests\":%d,\"bytes\":%d,\"seconds\":%.3f,"
                            + "\"mbPerSec\":%.1f,\"itemsPerSec\":%.1f,\"cpuSeconds\":%.3f,\"cpuMsPerRequest\":%.3f,\"cpuSecPerGB\":%.3f}",
                    path, what.substring(0, what.indexOf(':')), threads, jobs.size(), bytes, secs, bytes / secs / 1e6,
                    jobs.size() / secs, cpu, cpu * 1000 / jobs.size(), cpu / (bytes / 1e9)));
        }
    }
}

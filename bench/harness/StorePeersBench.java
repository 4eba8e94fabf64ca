// Issue 17 part 2, for bench/compare.sh: each cloud's own Java high-level transfer API as the
// SDK-native peer on Azure (Azurite) and GCS (the project's JSON-API test server). Prints one JSON
// line with the in-process time of the transfer (client built and object listed before the clock).
//   az-file   CONNECTION_STRING CONTAINER BLOB FILE BLOCK_MIB CONCURRENCY
//             BlobClient.downloadToFile with ParallelTransferOptions (the SDK's parallel download)
//   az-dir    CONNECTION_STRING CONTAINER PREFIX DIR CONCURRENCY
//             every blob under PREFIX by downloadToFile on CONCURRENCY threads (the Java SDK has no
//             directory transfer of its own)
//   az-sas    CONNECTION_STRING CONTAINER BLOB: prints a read-only SAS URL of the blob (for curl)
//   az-container-sas CONNECTION_STRING CONTAINER: a read/list/write/delete SAS URL of the container (for rclone,
//             whose azureblob endpoint option is a domain suffix, so a local Azurite is reached by SAS URL)
//   az-upload-file CONNECTION_STRING CONTAINER BLOB FILE BLOCK_MIB CONCURRENCY
//             BlobClient.uploadFromFile with ParallelTransferOptions (staged blocks in parallel)
//   az-upload-dir CONNECTION_STRING CONTAINER PREFIX DIR CONCURRENCY
//             every file of DIR by uploadFromFile on CONCURRENCY threads
//   gcs-file  HOST BUCKET OBJECT DIR CONCURRENCY
//   gcs-dir   HOST BUCKET PREFIX DIR CONCURRENCY
//             the GCS client's TransferManager: downloadBlobs into DIR, CONCURRENCY workers, sliced
//             ("divide and conquer") downloads of large objects allowed
//   gcs-upload-file HOST BUCKET OBJECT FILE CONCURRENCY
//   gcs-upload-dir  HOST BUCKET PREFIX DIR CONCURRENCY
//             the TransferManager's uploadFiles, CONCURRENCY workers (the test server has no compose,
//             so no parallel composite uploads: each file is one resumable upload, as by default)
// Run on the app's libraries: java -cp 'target/lib/*' StorePeersBench ...
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobDownloadToFileOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.transfermanager.DownloadResult;
import com.google.cloud.storage.transfermanager.ParallelDownloadConfig;
import com.google.cloud.storage.transfermanager.TransferManager;
import com.google.cloud.storage.transfermanager.TransferManagerConfig;
import com.google.cloud.storage.transfermanager.TransferStatus;
import com.google.cloud.storage.transfermanager.ParallelUploadConfig;
import com.google.cloud.storage.transfermanager.UploadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class StorePeersBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: StorePeersBench az-file|az-dir|gcs-file|gcs-dir ... (see the file's head)");
            System.exit(2);
        }
        String mode = args[0];
        if (mode.equals("az-container-sas")) {
            // a read+list SAS URL of a container, for rclone's azureblob sas_url: CONNECTION_STRING CONTAINER
            var container = new BlobServiceClientBuilder().connectionString(args[1]).buildClient()
                    .getBlobContainerClient(args[2]);
            String sas = container.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                    java.time.OffsetDateTime.now().plusHours(6),
                    new com.azure.storage.blob.sas.BlobContainerSasPermission().setReadPermission(true).setListPermission(true)
                            .setWritePermission(true).setCreatePermission(true).setAddPermission(true)
                            .setDeletePermission(true)));
            System.out.println(container.getBlobContainerUrl() + "?" + sas);
            return;
        }
        if (mode.equals("az-sas")) {
            // a read-only SAS URL of one blob, for curl: CONNECTION_STRING CONTAINER BLOB (six hours)
            var blob = new BlobServiceClientBuilder().connectionString(args[1]).buildClient()
                    .getBlobContainerClient(args[2]).getBlobClient(args[3]);
            String sas = blob.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                    java.time.OffsetDateTime.now().plusHours(6),
                    new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true)));
            System.out.println(blob.getBlobUrl() + "?" + sas);
            return;
        }
        long t0;
        long bytes = 0;
        int items = 0;
        switch (mode) {
            case "az-file", "az-dir" -> {
                BlobContainerClient container = new BlobServiceClientBuilder().connectionString(args[1]).buildClient()
                        .getBlobContainerClient(args[2]);
                Path out = Path.of(args[4]);
                if (mode.equals("az-file")) {
                    long block = Long.parseLong(args[5]) << 20;
                    int conc = Integer.parseInt(args[6]);
                    var blob = container.getBlobClient(args[3]);
                    Files.deleteIfExists(out);
                    t0 = System.nanoTime();
                    var props = blob.downloadToFileWithResponse(new BlobDownloadToFileOptions(out.toString())
                            .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(block)
                                    .setMaxConcurrency(conc)), null, Context.NONE).getValue();
                    bytes = props.getBlobSize();
                    items = 1;
                } else {
                    int conc = Integer.parseInt(args[5]);
                    List<String> names = new ArrayList<>();
                    for (BlobItem b : container.listBlobs(new ListBlobsOptions().setPrefix(args[3]), null)) {
                        names.add(b.getName());
                    }
                    Files.createDirectories(out);
                    t0 = System.nanoTime();
                    List<Future<Long>> done = new ArrayList<>();
                    try (ExecutorService pool = Executors.newFixedThreadPool(conc)) {
                        for (String n : names) {
                            done.add(pool.submit(() -> {
                                Path f = out.resolve(n.replace('/', '_'));
                                return container.getBlobClient(n).downloadToFileWithResponse(
                                        new BlobDownloadToFileOptions(f.toString()), null, Context.NONE).getValue().getBlobSize();
                            }));
                        }
                        for (Future<Long> f : done) {
                            bytes += f.get();
                        }
                    }
                    items = names.size();
                }
            }
            case "az-upload-file", "az-upload-dir" -> {
                BlobContainerClient container = new BlobServiceClientBuilder().connectionString(args[1]).buildClient()
                        .getBlobContainerClient(args[2]);
                Path in = Path.of(args[4]);
                if (mode.equals("az-upload-file")) {
                    long block = Long.parseLong(args[5]) << 20;
                    int conc = Integer.parseInt(args[6]);
                    var blob = container.getBlobClient(args[3]);
                    t0 = System.nanoTime();
                    blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(in.toString())
                            .setParallelTransferOptions(new com.azure.storage.blob.models.ParallelTransferOptions()
                                    .setBlockSizeLong(block).setMaxSingleUploadSizeLong(block).setMaxConcurrency(conc)),
                            null, Context.NONE);
                    bytes = Files.size(in);
                    items = 1;
                } else {
                    int conc = Integer.parseInt(args[5]);
                    List<Path> files;
                    try (var list = Files.list(in)) {
                        files = list.sorted().toList();
                    }
                    t0 = System.nanoTime();
                    List<Future<Long>> done = new ArrayList<>();
                    try (ExecutorService pool = Executors.newFixedThreadPool(conc)) {
                        for (Path f : files) {
                            done.add(pool.submit(() -> {
                                container.getBlobClient(args[3] + f.getFileName()).uploadFromFile(f.toString(), true);
                                return Files.size(f);
                            }));
                        }
                        for (Future<Long> f : done) {
                            bytes += f.get();
                        }
                    }
                    items = files.size();
                }
            }
            case "gcs-upload-file", "gcs-upload-dir" -> {
                Storage storage = StorageOptions.http().setHost(args[1]).setProjectId("rangefinder-local")
                        .setCredentials(NoCredentials.getInstance()).build().getService();
                Path in = Path.of(args[4]);
                int conc = Integer.parseInt(args[5]);
                List<Path> files;
                String prefix;
                if (mode.equals("gcs-upload-file")) {
                    // uploadFiles names an object after its file: a directory holding the one file under the object's name
                    Path dir = Files.createTempDirectory("gcs-upload");
                    Path link = dir.resolve(args[3].substring(args[3].lastIndexOf('/') + 1));
                    Files.createSymbolicLink(link, in.toAbsolutePath());
                    files = List.of(link);
                    prefix = args[3].contains("/") ? args[3].substring(0, args[3].lastIndexOf('/') + 1) : "";
                    in = dir;
                } else {
                    try (var list = Files.list(in)) {
                        files = list.sorted().toList();
                    }
                    prefix = args[3];
                }
                try (TransferManager tm = TransferManagerConfig.newBuilder().setMaxWorkers(conc)
                        .setStorageOptions(storage.getOptions()).build().getService()) {
                    t0 = System.nanoTime();
                    List<UploadResult> results = tm.uploadFiles(files, ParallelUploadConfig.newBuilder()
                            .setBucketName(args[2]).setPrefix(prefix).build()).getUploadResults();
                    for (UploadResult r : results) {
                        if (r.getStatus() != TransferStatus.SUCCESS) {
                            throw new IllegalStateException(r.getInput().getName() + ": " + r.getStatus() + " "
                                    + r.getException());
                        }
                        bytes += r.getUploadedBlob().getSize();
                    }
                    items = results.size();
                }
            }
            case "gcs-file", "gcs-dir" -> {
                Storage storage = StorageOptions.http().setHost(args[1]).setProjectId("rangefinder-local")
                        .setCredentials(NoCredentials.getInstance()).build().getService();
                String bucket = args[2];
                Path dir = Path.of(args[4]);
                int conc = Integer.parseInt(args[5]);
                List<BlobInfo> blobs = new ArrayList<>();
                if (mode.equals("gcs-file")) {
                    blobs.add(storage.get(bucket, args[3]).asBlobInfo());
                } else {
                    storage.list(bucket, Storage.BlobListOption.prefix(args[3])).iterateAll()
                            .forEach(b -> blobs.add(b.asBlobInfo()));
                }
                Files.createDirectories(dir);
                try (TransferManager tm = TransferManagerConfig.newBuilder().setMaxWorkers(conc)
                        .setAllowDivideAndConquerDownload(true).setStorageOptions(storage.getOptions()).build().getService()) {
                    t0 = System.nanoTime();
                    List<DownloadResult> results = tm.downloadBlobs(blobs, ParallelDownloadConfig.newBuilder()
                            .setBucketName(bucket).setDownloadDirectory(dir).build()).getDownloadResults();
                    for (DownloadResult r : results) {
                        if (r.getStatus() != TransferStatus.SUCCESS) {
                            throw new IllegalStateException(r.getInput().getName() + ": " + r.getStatus() + " "
                                    + r.getException());
                        }
                        bytes += r.getInput().getSize();
                    }
                    items = results.size();
                }
            }
            default -> throw new IllegalArgumentException("no mode " + mode);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"items\":%d,\"bytes\":%d,\"seconds\":%.3f,\"mbPerSec\":%.1f,\"opsPerSec\":%.1f}",
                mode, items, bytes, secs, bytes / secs / 1e6, items / secs));
    }
}

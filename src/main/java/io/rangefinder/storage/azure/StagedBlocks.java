package io.rangefinder.storage.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobListBlocksOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.util.ArrayList;
import java.util.List;

/** Cleaning up after a block upload that failed or was cancelled (see {@link #discard}). */
final class StagedBlocks {

    private StagedBlocks() {
    }

    /** How long after dropping the blocks of a new blob they are looked for once more. */
    static final long LATE_BLOCK_WAIT_MS = 300;

    /** Where no blob exists: commits an empty block list (dropping every staged block) and deletes that empty blob. */
    private static void dropAll(BlockBlobClient blob) {
        Response<BlockBlobItem> empty = blob.commitBlockListWithResponse(
                new BlockBlobCommitBlockListOptions(List.of())
                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                null, Context.NONE);
        blob.deleteWithResponse(null, new BlobRequestConditions().setIfMatch(empty.getValue().getETag()),
                null, Context.NONE);
    }

    /**
     * Drops the uncommitted blocks a failed or cancelled upload staged on {@code blob}, best effort.
     * Azure has no call to discard staged blocks, but a Put Block List discards every uncommitted
     * block it does not name. So: if no blob of that name exists, an empty block list is committed
     * (only if still no blob exists) and that empty blob is deleted (only if it is still the one we
     * made); if a blob exists and is made of committed blocks, its own block list is committed
     * again with its own properties and metadata (only if it has not changed meanwhile), so its
     * content stays as it was (its ETag and last-modified time do change). A blob written in one
     * request (Put Blob) has no block list to commit again: its stray blocks are left for Azure to
     * discard after a week. Like any Put Block List, this also drops blocks another writer may be
     * staging on the same name at that moment. Where no blob existed, the blocks are looked for once
     * more {@value #LATE_BLOCK_WAIT_MS} ms later: a block whose body had all gone out when the upload
     * was cancelled is staged by the service after its connection closed. Runs even when the thread
     * was interrupted (a JavaFX Task.cancel): the SDK would drop every request at once, so the flag is
     * cleared and set again afterwards.
     */
    static void discard(BlockBlobClient blob) {
        boolean interrupted = Thread.interrupted();
        try {
            BlobProperties existing;
            try {
                existing = blob.getProperties();
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 404) {
                    return;
                }
                existing = null;
            }
            if (existing == null) {
                dropAll(blob);
                // A block whose body had all gone out when the upload was cancelled (its connection then
                // closed) is still staged by the service, and may land after that: look once more.
                try {
                    Thread.sleep(LATE_BLOCK_WAIT_MS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                try {
                    if (!blob.listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks().isEmpty()) {
                        dropAll(blob);
                    }
                } catch (BlobStorageException e) {
                    // 404: nothing staged, nothing there
                }
                return;
            }
            BlockList committed = blob.listBlocksWithResponse(new BlockBlobListBlocksOptions(BlockListType.COMMITTED),
                    null, Context.NONE).getValue();
            List<String> ids = new ArrayList<>();
            long size = 0;
            for (Block b : committed.getCommittedBlocks()) {
                ids.add(b.getName());
                size += b.getSizeLong();
            }
            if (size != existing.getBlobSize() || (ids.isEmpty() && existing.getBlobSize() != 0)) {
                return; // not made of blocks: committing its (empty) block list would empty it
            }
            BlobHttpHeaders same = new BlobHttpHeaders()
                    .setContentType(existing.getContentType())
                    .setContentEncoding(existing.getContentEncoding())
                    .setContentLanguage(existing.getContentLanguage())
                    .setContentDisposition(existing.getContentDisposition())
                    .setCacheControl(existing.getCacheControl())
                    .setContentMd5(existing.getContentMd5());
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                    .setHeaders(same)
                    .setMetadata(existing.getMetadata())
                    .setRequestConditions(new BlobRequestConditions().setIfMatch(existing.getETag())),
                    null, Context.NONE);
        } catch (RuntimeException ignored) {
            // Best effort: the failure that brought us here is the one to report; Azure drops the
            // blocks itself after a week.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

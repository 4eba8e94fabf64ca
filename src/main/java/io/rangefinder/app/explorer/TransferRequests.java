package io.rangefinder.app.explorer;

import io.rangefinder.app.common.Confirmation;
import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.transfers.CopyJobs;
import io.rangefinder.app.transfers.DownloadJobs;
import io.rangefinder.app.transfers.Transfer;
import io.rangefinder.app.transfers.UploadJobs;
import io.rangefinder.engine.LocalPaths;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the explorer's selection into transfers on its queue: downloads of objects and folders,
 * uploads of files and folders into the folder shown, streamed copies to any connection.
 */
final class TransferRequests {

    private final ExplorerViewModel vm;
    private final DownloadJobs downloads;

    TransferRequests(ExplorerViewModel vm) {
        this.vm = vm;
        this.downloads = new DownloadJobs(vm::rangeEngine);
    }

    // ---- copy between connections ----

    /** Asks for the target folder of a copy (any URI; its connection is chosen as the address bar does). */
    void requestCopyTo(List<ExplorerEntry> selection) {
        Location at = vm.getLocation();
        if (at == null || at.isRoot() || selection.isEmpty()) {
            vm.showError(ErrorReport.plain("Select objects or folders inside a " + vm.containerWord() + " to copy."));
            return;
        }
        List<ExplorerEntry> chosen = List.copyOf(selection);
        String what = chosen.size() == 1 ? "“" + chosen.getFirst().name() + "”" : ExplorerViewModel.itemCount(chosen.size());
        vm.ask(new Confirmation("Copy " + what + " to…",
                "Target folder on any connection, e.g. file:///tmp/, s3://bucket/prefix/, az://account/container/ "
                        + "or gs://bucket/. Data streams from store to store without a temporary copy.",
                "Copy", false, vm.address(at), text -> copyTo(chosen, text)));
    }

    /** Queues one streamed transfer per selected row into the folder {@code targetText} names. */
    void copyTo(List<ExplorerEntry> selection, String targetText) {
        Location at = vm.getLocation();
        ObjectUri target;
        try {
            target = ObjectUri.parse(targetText == null ? "" : targetText.strip());
        } catch (StorageException.InvalidArgument e) {
            vm.showError(ErrorReport.plain(ExplorerViewModel.capitalize(e.getMessage())));
            return;
        }
        if (target.container().isEmpty()) {
            vm.showError(ErrorReport.plain("Copy into a " + vm.containerWord() + " or a folder in one, not the top level: " + target));
            return;
        }
        StoreHandle to;
        try {
            to = vm.storeFor(target);
        } catch (RuntimeException e) {
            vm.showError(ErrorReport.of("No connection for " + target, e));
            return;
        }
        if (to == null) {
            vm.showError(ErrorReport.plain("No connection can reach " + target));
            return;
        }
        String base = target.key().isEmpty() || target.key().endsWith("/") ? target.key() : target.key() + "/";
        StoreHandle from = vm.store();
        for (ExplorerEntry e : selection) {
            if (e.kind() == ExplorerEntry.Kind.CONTAINER) {
                continue;
            }
            String label = (e.isFolder() ? e.name() + "/" : e.name()) + " → " + target;
            vm.transfers().add(new Transfer(label, Transfer.Direction.COPY, e.kind() == ExplorerEntry.Kind.OBJECT
                    ? CopyJobs.object(from, to, at.container(), e.key(), e.size(), target.container(), base + e.name())
                    : CopyJobs.prefix(from, to, at.container(), at.prefix(), e.key(), target.container(), base)));
        }
    }

    // ---- downloads ----

    /** Downloads the selected objects (and whole folders, recursively) into {@code targetDir}. */
    void download(List<ExplorerEntry> selection, Path targetDir) {
        Location at = vm.getLocation();
        if (at == null || at.isRoot() || selection.isEmpty()) {
            return;
        }
        StoreHandle h = vm.store();
        for (ExplorerEntry e : selection) {
            Transfer.Job job = e.kind() == ExplorerEntry.Kind.OBJECT
                    ? downloads.object(h, at.container(), e.key(), e.size(), LocalPaths.under(targetDir, e.name()))
                    : downloads.prefix(h, at.container(), at.prefix(), e.key(), targetDir);
            vm.transfers().add(new Transfer(e.isFolder() ? e.name() + "/" : e.name(), Transfer.Direction.DOWNLOAD, job));
        }
    }

    // ---- uploads ----

    /** Uploads local files, and folders recursively (keeping relative paths), into the current folder. */
    void upload(List<Path> paths) {
        Location at = vm.getLocation();
        if (at == null || at.isRoot()) {
            vm.showError(ErrorReport.plain("Open a container or folder first; uploads go into the folder shown."));
            return;
        }
        StoreHandle h = vm.store();
        for (Path p : paths) {
            String name = p.getFileName() == null ? p.toString() : p.getFileName().toString();
            boolean folder = Files.isDirectory(p);
            vm.transfers().add(new Transfer(folder ? name + "/" : name, Transfer.Direction.UPLOAD,
                    UploadJobs.of(h, at.container(), at.prefix(), p, folder)));
        }
    }
}

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
import io.rangefinder.app.transfers.KeyPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        String targetContainer = target.container();
        String targetRoot = new ObjectUri(target.scheme(), target.account(), targetContainer, "").toString();
        boolean sameFolder = to == from && targetContainer.equals(at.container()) && base.equals(at.prefix());
        List<ExplorerEntry> rows = selection.stream().filter(e -> e.kind() != ExplorerEntry.Kind.CONTAINER).toList();
        // what is in the way is looked up first, off the UI thread, so the user is asked before anything is written
        vm.executor().submit(progress -> {
            List<Planned> plans = new ArrayList<>();
            for (ExplorerEntry e : rows) {
                progress.token().throwIfCancelled();
                String label = (e.isFolder() ? e.name() + "/" : e.name()) + " → " + target;
                String targetKey = e.isFolder() ? base + e.name() + "/" : base + e.name();
                Set<String> existing = e.isFolder()
                        ? existingUnder(to, targetContainer, targetKey, null, progress)
                        : existingObject(to, targetContainer, targetKey);
                plans.add(new Planned(e.isFolder() ? e.name() + "/" : e.name(), targetRoot + targetKey, existing,
                        e.isFolder() ? -1 : 1, policy -> new Transfer(label, Transfer.Direction.COPY, e.isFolder()
                        ? CopyJobs.prefix(from, to, at.container(), at.prefix(), e.key(), targetContainer, base, policy)
                        : CopyJobs.object(from, to, at.container(), e.key(), e.size(), targetContainer, base + e.name(), policy))));
            }
            return plans;
        }, plans -> resolve(plans, 0, null, sameFolder), failure -> vm.showError(ErrorReport.of("Could not copy to " + target, failure)));
    }

    // ---- names already taken at the target ----

    /**
     * One transfer about to be queued: what it writes where, which of those names are taken, and
     * how to build it once the user has said what to do with them.
     *
     * @param planned how many keys it writes, or -1 when unknown (a folder of a store)
     */
    private record Planned(String name, String targetUri, Set<String> existing, int planned,
                           java.util.function.Function<KeyPolicy, Transfer> build) {
    }

    private static final Confirmation.Choice REPLACE = new Confirmation.Choice("conflictReplace", "Replace");
    private static final Confirmation.Choice SKIP = new Confirmation.Choice("conflictSkip", "Skip");
    private static final Confirmation.Choice KEEP_BOTH = new Confirmation.Choice("conflictKeepBoth", "Keep both");
    // more names than this under a target folder are not fetched to check: the user is asked about the folder as a whole
    private static final int MAX_CHECKED = 100_000;

    /** Queues plans in order, asking about each one whose names are taken (unless "apply to all" answered already). */
    private void resolve(List<Planned> plans, int from, KeyPolicy.Choice forAll, boolean sameFolder) {
        for (int i = from; i < plans.size(); i++) {
            Planned p = plans.get(i);
            if (p.existing().isEmpty()) {
                vm.transfers().add(p.build().apply(KeyPolicy.WRITE_ALL));
                continue;
            }
            if (forAll != null) {
                vm.transfers().add(p.build().apply(new KeyPolicy(p.existing(), forAll)));
                continue;
            }
            long others = plans.subList(i + 1, plans.size()).stream().filter(x -> !x.existing().isEmpty()).count();
            int next = i + 1;
            List<Confirmation.Choice> choices = sameFolder ? List.of(SKIP, KEEP_BOTH) : List.of(SKIP, REPLACE, KEEP_BOTH);
            vm.ask(Confirmation.choice(title(p), message(p, sameFolder), choices,
                    others == 0 ? null : "Do the same for the " + ExplorerViewModel.itemCount((int) others) + " more already there",
                    (choice, all) -> {
                        KeyPolicy.Choice c = choice == REPLACE ? KeyPolicy.Choice.REPLACE
                                : choice == SKIP ? KeyPolicy.Choice.SKIP : KeyPolicy.Choice.KEEP_BOTH;
                        vm.transfers().add(p.build().apply(new KeyPolicy(p.existing(), c)));
                        resolve(plans, next, all ? c : null, sameFolder);
                    }));
            return; // the answer goes on with the rest; Cancel queues nothing more
        }
    }

    private static String title(Planned p) {
        return p.name().endsWith("/") ? "“" + p.name() + "” is already there" : "“" + p.name() + "” already exists";
    }

    private static String message(Planned p, boolean sameFolder) {
        String where = p.targetUri();
        if (sameFolder) {
            return "This copies into the folder it comes from. Keep both saves the copies under new names "
                    + "(“name (1)”); Skip leaves everything as it is.";
        }
        if (!p.name().endsWith("/")) {
            return where + " exists. Replace it, skip this one, or keep both (the new one is saved as “"
                    + KeyPolicy.freeNameOf(where.substring(where.lastIndexOf('/') + 1)) + "”)?";
        }
        String count = p.planned() > 0
                ? ExplorerViewModel.itemCount(p.existing().size()) + " of its " + ExplorerViewModel.itemCount(p.planned())
                : ExplorerViewModel.itemCount(p.existing().size());
        return count + " already exist in " + where + ". Replace them, skip them (only new names are written), "
                + "or keep both (new copies get “ (1)” names)?";
    }

    /** The target key if an object is there, else nothing. */
    private static Set<String> existingObject(StoreHandle store, String container, String key) {
        try {
            store.get().stat(container, key);
            return Set.of(key);
        } catch (StorageException.NotFound e) {
            return Set.of();
        }
    }

    /** Keys under {@code prefix} at the target; only those in {@code wanted} when given. */
    private static Set<String> existingUnder(StoreHandle store, String container, String prefix, Set<String> wanted,
                                             io.rangefinder.app.common.TaskExecutor.Progress progress) {
        Set<String> found = new HashSet<>();
        java.util.Iterator<io.rangefinder.storage.ListPage> pages;
        try {
            pages = store.get().pages(io.rangefinder.storage.ListRequest.recursive(container, prefix));
            int seen = 0;
            while (pages.hasNext() && seen < MAX_CHECKED) {
                progress.token().throwIfCancelled();
                for (io.rangefinder.storage.ObjectInfo o : pages.next().objects()) {
                    seen++;
                    if (wanted == null || wanted.contains(o.key())) {
                        found.add(o.key());
                    }
                }
            }
        } catch (StorageException.NotFound e) {
            return Set.of(); // no such container yet: nothing in the way
        }
        return found;
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
            vm.transfers().add(new Transfer(e.isFolder() ? e.name() + "/" : e.name(), Transfer.Direction.DOWNLOAD, job,
                    LocalPaths.under(targetDir, e.name())));
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
        String folderUri = vm.address(at);
        String containerRoot = folderUri.substring(0, folderUri.length() - at.prefix().length());
        List<Path> chosen = List.copyOf(paths);
        vm.executor().submit(progress -> {
            List<Planned> plans = new ArrayList<>();
            for (Path p : chosen) {
                progress.token().throwIfCancelled();
                String name = p.getFileName() == null ? p.toString() : p.getFileName().toString();
                boolean folder = Files.isDirectory(p);
                List<String> keys = UploadJobs.keysOf(at.prefix(), p, folder);
                Set<String> existing = folder
                        ? existingUnder(h, at.container(), at.prefix() + name + "/", new HashSet<>(keys), progress)
                        : existingObject(h, at.container(), keys.getFirst());
                String targetKey = folder ? at.prefix() + name + "/" : keys.getFirst();
                plans.add(new Planned(folder ? name + "/" : name, containerRoot + targetKey, existing, keys.size(),
                        policy -> new Transfer(folder ? name + "/" : name, Transfer.Direction.UPLOAD,
                                UploadJobs.of(h, at.container(), at.prefix(), p, folder, policy,
                                        vm::uploadPartsInFlight))));
            }
            return plans;
        }, plans -> resolve(plans, 0, null, false), failure -> vm.showError(ErrorReport.of("Could not upload", failure)));
    }
}
